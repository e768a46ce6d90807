// prctl(2)'s arg2..arg5 and return value by option (strace's SYS_FUNC(prctl)), and arch_prctl's address: tables
// from option name to what each argument shows. Arguments an option does not take print nothing; an option
// strace does not decode prints all four in hex.
import { int, NONE, ptr, sym, text, type Value } from '../../model/value.js';
import { XLAT } from '../../tables/generated/xlat.js';
import { signalByValue } from '../../tables/signals.js';
import { pidValue } from '../args/numbers.js';
import { cString } from '../args/strings.js';
import { asInt, type CallContext } from '../context.js';
import { filterProg } from '../structs/bpf-filter.js';
import { abbreviated, currentConstStyle, styled } from '../xlat.js';
import { auxFlags, taggedAddr, vectorLength } from './prctl-values.js';
import {
  boundedString,
  type CommandShape,
  commandArgs,
  enumOf,
  flagsOf,
  flagsText,
  ifOk,
  indirect,
  nameOf,
  save,
  saved,
  u32,
  u64,
  xval,
} from './util.js';

/** TASK_COMM_LEN (include/linux/sched.h): PR_SET_NAME/PR_GET_NAME read at most this many bytes. */
const TASK_COMM_LEN = 16;

const hexArg = (c: CallContext, i: number): Value => xval(u64(c, i));
const signal = (n: number): Value => {
  const s = n > 0 ? signalByValue(n) : undefined;
  return s ? sym(s.name) : int(n);
};

type Shape = CommandShape;

/** arg2 from `first` on, in hex: strace's print_prctl_args. */
const hexFrom = (c: CallContext, first: number): Value[] =>
  [1, 2, 3, 4].slice(first - 1).map((i) => hexArg(c, i));
const rest = (first: number, values: (c: CallContext) => Value[]) => (c: CallContext) => [
  ...values(c),
  ...hexFrom(c, first),
];

/** arg2 the kernel fills, at exit: `[N]` or what `show` makes of it; the address when the call failed. */
const outInt = (show: (v: number) => Value): Shape => ({
  args: () => [undefined],
  out: (c) => ifOk(c, u64(c, 1), () => indirect(c, u64(c, 1), 4, (v) => show(v.getUint32(0, true)))),
});
const uArg2: Shape = { args: (c) => [int(u64(c, 1))] };
/** RVAL_STR: the return's name in `table` as a comment (PR_GET_DUMPABLE, PR_MCE_KILL_GET). */
const retName = (table: string) => (c: CallContext, ret: bigint) => {
  const name = nameOf(table, ret);
  if (name) c.retDetail = name;
};
/** RVAL_HEX|RVAL_STR: the return in hex with `show`'s comment; a zero return stays `0` alone when `skipZero`. */
const retHex =
  (show: (v: bigint) => string | undefined, skipZero: boolean) => (c: CallContext, ret: bigint) => {
    if (skipZero && ret === 0n) return;
    c.retValue = xval(ret);
    const detail = show(ret);
    if (detail !== undefined) c.retDetail = detail;
  };
const retFlags = (table: string, skipZero: boolean) => retHex((v) => auxFlags(table, v), skipZero);
/** PR_SVE_SET_VL/PR_SME_SET_VL show the length word; their GET_VL only the return. */
const vlSet = (kind: 'sve' | 'sme'): Shape => ({
  args: (c) => [text(vectorLength(kind, u64(c, 1), false) ?? '')],
  ret: retHex((v) => vectorLength(kind, v, true), true),
});
const vlGet = (kind: 'sve' | 'sme'): Shape => ({ ret: retHex((v) => vectorLength(kind, v, true), true) });

// biome-ignore format: one option per line
const SHAPES: Readonly<Record<string, Shape>> = {
  PR_GET_KEEPCAPS: {}, PR_GET_SECCOMP: {}, PR_GET_TIMERSLACK: {}, PR_GET_TIMING: {},
  PR_TASK_PERF_EVENTS_DISABLE: {}, PR_TASK_PERF_EVENTS_ENABLE: {},
  PR_GET_CHILD_SUBREAPER: outInt(int), PR_GET_ENDIAN: outInt(int), PR_GET_FPEMU: outInt(int), PR_GET_FPEXC: outInt(int),
  PR_GET_DUMPABLE: { ret: retName('pr_dumpable') },
  PR_GET_NAME: {
    args: () => [undefined],
    out: (c) => ifOk(c, u64(c, 1), () => boundedString(c, u64(c, 1), TASK_COMM_LEN)),
  },
  PR_GET_PDEATHSIG: outInt((v) => signal(v)),
  PR_GET_SECUREBITS: { ret: retFlags('secbits', true) },
  PR_GET_TID_ADDRESS: {
    args: () => [undefined],
    out: (c) => ifOk(c, u64(c, 1), () => indirect(c, u64(c, 1), 8, (v) => ptr(v.getBigUint64(0, true)))),
  },
  PR_GET_TSC: outInt((v) => enumOf('pr_tsc', v)),
  PR_GET_UNALIGN: outInt((v) => flagsOf('pr_unalign_flags', v)),
  PR_GET_FP_MODE: { ret: retFlags('pr_fp_mode', true) },
  PR_GET_SPECULATION_CTRL: {
    args: (c) => [enumOf('pr_spec_cmds', u64(c, 1))],
    ret: (c, ret) => {
      const which = nameOf('pr_spec_cmds', u64(c, 1));
      if (which) retFlags('pr_spec_get_store_bypass_flags', false)(c, ret);
    },
  },
  PR_SET_CHILD_SUBREAPER: uArg2, PR_SET_ENDIAN: uArg2, PR_SET_FPEMU: uArg2, PR_SET_FPEXC: uArg2,
  PR_SET_KEEPCAPS: uArg2, PR_SET_TIMING: uArg2,
  PR_SET_DUMPABLE: { args: (c) => [enumOf('pr_dumpable', u64(c, 1))] },
  PR_CAPBSET_DROP: { args: (c) => [enumOf('cap', u64(c, 1))] },
  PR_CAPBSET_READ: { args: (c) => [enumOf('cap', u64(c, 1))] },
  PR_CAP_AMBIENT: {
    args: (c) => {
      const op = nameOf('pr_cap_ambient', u64(c, 1));
      const head = enumOf('pr_cap_ambient', u64(c, 1));
      return op === 'PR_CAP_AMBIENT_RAISE' || op === 'PR_CAP_AMBIENT_LOWER' || op === 'PR_CAP_AMBIENT_IS_SET'
        ? [head, enumOf('cap', u64(c, 2)), ...hexFrom(c, 3)]
        : [head, ...hexFrom(c, 2)];
    },
  },
  PR_MCE_KILL: {
    args: rest(3, (c) => [
      enumOf('pr_mce_kill', u64(c, 1)),
      nameOf('pr_mce_kill', u64(c, 1)) === 'PR_MCE_KILL_SET' ? enumOf('pr_mce_kill_policy', u64(c, 2)) : hexArg(c, 2),
    ]),
  },
  PR_SET_NAME: { args: (c) => [boundedString(c, u64(c, 1), TASK_COMM_LEN - 1)] },
  PR_SET_VMA: {
    args: (c) =>
      nameOf('pr_set_vma', u64(c, 1)) === 'PR_SET_VMA_ANON_NAME'
        ? [enumOf('pr_set_vma', u64(c, 1)), ptr(u64(c, 2)), int(u64(c, 3)), cString(c, u64(c, 4), c.opts.strsize)]
        : [enumOf('pr_set_vma', u64(c, 1)), ...hexFrom(c, 2)],
  },
  PR_SET_MM: { args: rest(2, (c) => [enumOf('pr_set_mm', u32(c, 1))]) },
  PR_SET_PDEATHSIG: { args: (c) => [u64(c, 1) > 128n ? int(u64(c, 1)) : signal(Number(u64(c, 1)))] },
  PR_SET_PTRACER: { args: (c) => [asInt(c.raw[1]) === -1 ? sym(styled('-1', 'PR_SET_PTRACER_ANY')) : pidValue(c, asInt(c.raw[1]))] },
  PR_SET_SECCOMP: {
    args: (c) => {
      const mode = nameOf('seccomp_mode', u64(c, 1));
      const head = enumOf('seccomp_mode', u64(c, 1));
      if (mode === 'SECCOMP_MODE_STRICT') return [head];
      if (mode === 'SECCOMP_MODE_FILTER') return [head, filterProg(c, u64(c, 2), 'seccomp')];
      return [head, ...hexFrom(c, 2)];
    },
  },
  PR_SET_SECUREBITS: { args: (c) => [flagsOf('secbits', u64(c, 1))] },
  PR_SET_TIMERSLACK: { args: (c) => [int(BigInt.asIntN(64, u64(c, 1)))] },
  PR_SET_TSC: { args: (c) => [enumOf('pr_tsc', u32(c, 1))] },
  PR_SET_UNALIGN: { args: (c) => [flagsOf('pr_unalign_flags', u32(c, 1))] },
  PR_SET_NO_NEW_PRIVS: { args: rest(2, (c) => [int(u64(c, 1))]) },
  PR_SET_THP_DISABLE: { args: rest(2, (c) => [int(u64(c, 1))]) },
  PR_SET_IO_FLUSHER: { args: rest(2, (c) => [int(u64(c, 1))]) },
  PR_MCE_KILL_GET: { args: (c) => hexFrom(c, 1), ret: retName('pr_mce_kill_policy') },
  PR_SVE_SET_VL: vlSet('sve'), PR_SVE_GET_VL: vlGet('sve'), PR_SME_SET_VL: vlSet('sme'), PR_SME_GET_VL: vlGet('sme'),
  PR_SET_TAGGED_ADDR_CTRL: { args: (c) => [text(taggedAddr(u64(c, 1), false) ?? ''), ...hexFrom(c, 2)] },
  PR_GET_TAGGED_ADDR_CTRL: { args: (c) => hexFrom(c, 1), ret: retHex((v) => taggedAddr(v, true), false) },
  PR_PAC_RESET_KEYS: { args: rest(2, (c) => [flagsOf('pr_pac_keys', u64(c, 1))]) },
  PR_PAC_SET_ENABLED_KEYS: {
    args: rest(3, (c) => [flagsOf('pr_pac_enabled_keys', u64(c, 1)), flagsOf('pr_pac_enabled_keys', u64(c, 2))]),
  },
  PR_PAC_GET_ENABLED_KEYS: { args: (c) => hexFrom(c, 1), ret: retFlags('pr_pac_enabled_keys', false) },
  PR_SET_FP_MODE: { args: (c) => [flagsOf('pr_fp_mode', u32(c, 1))] },
  PR_SET_SPECULATION_CTRL: {
    args: (c) => [
      enumOf('pr_spec_cmds', u64(c, 1)),
      nameOf('pr_spec_cmds', u64(c, 1)) ? enumOf('pr_spec_set_store_bypass_flags', u64(c, 2)) : hexArg(c, 2),
    ],
  },
  PR_SET_SYSCALL_USER_DISPATCH: {
    args: (c) => [enumOf('pr_sud_cmds', u64(c, 1)), hexArg(c, 2), hexArg(c, 3), ptr(u64(c, 4))],
  },
  PR_SCHED_CORE: {
    args: (c) => {
      const pidtype = u32(c, 3);
      // printxval_ex in verbose style whatever -X says, except raw: `0 /* PIDTYPE_PID */`, `0x4 /* PIDTYPE_??? */`
      const typeName = nameOf('pr_sched_core_pidtypes', pidtype) ?? 'PIDTYPE_???';
      const head = [
        enumOf('pr_sched_core_cmds', u32(c, 1)),
        typeName === 'PIDTYPE_???'
          ? int(asInt(c.raw[2]))
          : pidValue(c, asInt(c.raw[2]), typeName === 'PIDTYPE_PGID' ? 'pgid' : typeName === 'PIDTYPE_SID' ? 'sid' : 'pid'),
        currentConstStyle() === 'raw' ? xval(pidtype) : ({ k: 'commented', value: xval(pidtype), comment: typeName } as Value),
      ];
      return nameOf('pr_sched_core_cmds', u32(c, 1)) === 'PR_SCHED_CORE_GET' ? [...head, undefined] : [...head, ptr(u64(c, 4))];
    },
    out: (c) => ifOk(c, u64(c, 4), () => indirect(c, u64(c, 4), 8, (v) => xval(v.getBigUint64(0, true)))),
  },
};
/** prctl's arg2..arg5: decided at entry; an argument the kernel fills is printed at exit. */
const prctlArg = commandArgs({
  table: 'prctl_option',
  cmdIndex: 0,
  first: 1,
  count: 4,
  shapes: SHAPES,
  fallback: (c) => hexFrom(c, 1),
});

/** XFEATURE_MASK_* bits as strace shows them: the mask in hex with their names in a comment (none under -X raw). */
function xfeatureMask(v: bigint): Value {
  const num = v === 0n ? '0' : `0x${v.toString(16)}`;
  if (v === 0n || currentConstStyle() === 'raw') return text(num);
  const names = abbreviated(() => flagsText('x86_xfeature_masks', v) ?? num);
  return text(names.startsWith(`${num} /* `) ? names : `${num} /* ${names} */`);
}

/** Every bit a named XFEATURE_MASK_* covers (strace's flags_mask: a return outside it gets no comment). */
const XFEATURE_BITS = XLAT.x86_xfeature_masks.values.reduce((m, [, v]) => m | BigInt(v), 0n);

const XCOMP_GET = ['ARCH_GET_XCOMP_SUPP', 'ARCH_GET_XCOMP_PERM', 'ARCH_GET_XCOMP_GUEST_PERM'];
const XCOMP_REQ = ['ARCH_REQ_XCOMP_PERM', 'ARCH_REQ_XCOMP_GUEST_PERM'];

/**
 * arch_prctl's second argument: ARCH_GET_FS/GS fill `[0x7f...]` at exit, ARCH_GET_XCOMP_* a feature mask;
 * ARCH_REQ_XCOMP_* take a feature number (and a positive return is a mask); the others show it in hex.
 */
const archPrctlAddr = {
  phase: 'exit' as const,
  atEntry: (c: CallContext, i: number) => {
    const code = u32(c, 0);
    const name = nameOf('arch_prctl_code', code) ?? '';
    const getter = name === 'ARCH_GET_FS' || name === 'ARCH_GET_GS';
    if (name === 'ARCH_GET_CPUID') {
      save(c, i, NONE);
      c.entryOnly = true;
    } else if (XCOMP_REQ.includes(name)) save(c, i, enumOf('x86_xfeatures', u64(c, i)));
    else if (!getter && !XCOMP_GET.includes(name)) save(c, i, hexArg(c, i));
  },
  decode: (c: CallContext, i: number): Value => {
    const code = nameOf('arch_prctl_code', u32(c, 0)) ?? '';
    const ret = c.ret ?? 0n;
    if (XCOMP_REQ.includes(code) && !c.failed && ret > 0n) {
      c.retValue = xval(ret);
      const mask = ret & XFEATURE_BITS;
      if (mask !== 0n && currentConstStyle() !== 'raw')
        c.retDetail = abbreviated(() => flagsText('x86_xfeature_masks', ret));
    }
    const v = saved(c, i);
    if (v) return v;
    const addr = u64(c, i);
    const show = XCOMP_GET.includes(code)
      ? (d: DataView) => xfeatureMask(d.getBigUint64(0, true))
      : (d: DataView) => ptr(d.getBigUint64(0, true));
    return ifOk(c, addr, () => indirect(c, addr, 8, show));
  },
};

export const PRCTL_DECODERS = { prctl_arg: prctlArg, arch_prctl_addr: archPrctlAddr } as const;
