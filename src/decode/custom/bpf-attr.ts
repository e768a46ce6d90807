// bpf(2)'s union bpf_attr as strace 6.1 prints it, per command: a table of the fields strace shows (names and
// printers, in its order, with the struct versions at which it stops when the caller's size is shorter); every
// offset comes from the generated layouts of the pinned linux/bpf.h (src/tables/generated/structs.ts).
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import { byteBuffer, cString } from '../args/strings.js';
import { type ArgDecoder, type CallContext, saveForExit } from '../context.js';
import { ebpfProg } from '../structs/ebpf-prog.js';
import { xint } from '../structs/read.js';
import { currentConstStyle } from '../xlat.js';
import { INFO, infoAtEntry } from './bpf-info.js';
import {
  ADDR,
  AT_EXIT,
  array,
  atExit,
  attrView,
  BREAK,
  CHANGED,
  type Command,
  decodeStruct,
  en,
  FD,
  type FieldOpts,
  fl,
  type GenField,
  group,
  IFINDEX,
  NAME,
  num,
  PATH,
  type Printer,
  STR,
  sizeOf,
  TGID,
  U,
  X,
} from './bpf-struct.js';
import { boundedString, nameOf, save, u32, u64, xv } from './util.js';

const u32Item = (_c: CallContext, v: DataView, off: number): Value => int(v.getUint32(off, true));
const xu64Item = (_c: CallContext, v: DataView, off: number): Value => xint(v.getBigUint64(off, true));
const strItem = (c: CallContext, v: DataView, off: number): Value =>
  cString(c, v.getBigUint64(off, true), c.opts.strsize);
/** union bpf_iter_link_info as strace 6.1 knows it: `{map={map_fd=N}}`. */
const iterItem = (c: CallContext, v: DataView, off: number): Value => ({
  k: 'struct',
  fields: [['map', { k: 'struct', fields: [['map_fd', fdValue(c, v.getInt32(off, true))]] }]],
});

/** print_kernel_version: `KERNEL_VERSION(a, b, c)`, the hex number under -X raw, both under -X verbose. */
const KVER: Printer = (a) => {
  const n = Number(num(a));
  const style = currentConstStyle();
  const hex = n === 0 ? '0' : `0x${n.toString(16)}`;
  const macro = `KERNEL_VERSION(${n >>> 16}, ${(n >>> 8) & 0xff}, ${n & 0xff})`;
  if (style === 'raw') return sym(hex);
  return sym(style === 'verbose' ? `${hex} /* ${macro} */` : macro);
};

/** PRINT_FIELD_XVAL_U_VERBOSE(numa_node): the number, with NUMA_NO_NODE as a comment even in abbrev style. */
const NUMA: Printer = (a) => {
  const n = Number(num(a));
  const name = nameOf('numa_node', n);
  return name === undefined || currentConstStyle() === 'raw' ? int(n) : sym(`${n} /* ${name} */`);
};

/** print_ebpf_prog: the address unless -v, then the instructions. */
const INSNS: Printer = (a) => ebpfProg(a.c, BigInt.asUintN(64, num(a)), a.get('insn_cnt'));

/** A field shown only when flag `flag` of table `table` is set in field `field`. */
const flagSet = (field: string, table: string, flag: string): FieldOpts => ({
  when: (a) => (a.get(field) & BigInt(xv(table, flag))) !== 0n,
});

/** printstrn(btf, btf_size): the bytes, cut at -s. */
const BTF: Printer = (a) => byteBuffer(a.c, BigInt.asUintN(64, num(a)), Number(a.get('btf_size')));

const LOG_BUF: Printer = (a) => boundedString(a.c, BigInt.asUintN(64, num(a)), Number(a.get('log_size')));

const ELEM = 'bpf_attr.map_fd' as const;
const LOOKUP: Command = {
  s: ELEM,
  end: 'flags',
  items: [['map_fd', FD], ['key', ADDR], ['value', ADDR], BREAK, ['flags', fl('bpf_map_lookup_elem_flags')]],
};
const OBJ: Command = {
  returnsFd: true,
  s: 'bpf_attr.pathname',
  end: 'file_flags',
  items: [['pathname', PATH], ['bpf_fd', FD], BREAK, ['file_flags', fl('bpf_file_mode_flags')]],
};
const byId = (id: string): Command => ({
  returnsFd: true,
  s: 'bpf_attr.start_id',
  end: 'open_flags',
  items: [[id, U], ['next_id', U], BREAK, ['open_flags', fl('bpf_file_mode_flags')]],
});

const NEXT_ID: Command = {
  s: 'bpf_attr.start_id',
  end: 'open_flags',
  items: [['start_id', U], ['next_id', CHANGED], BREAK, ['open_flags', fl('bpf_file_mode_flags'), AT_EXIT]],
};
/** The batch commands: the fields strace shows of `batch`, then at exit the count the kernel changed. */
const batch = (addrs: readonly string[]): Command => ({
  s: 'bpf_attr.batch',
  wrap: 'batch',
  end: 'flags',
  countAtExit: true,
  items: [
    ...addrs.map((n) => [n, ADDR] as const),
    ['count', U],
    ['map_fd', FD],
    ['elem_flags', fl('bpf_map_lookup_elem_flags')],
    ['flags', X],
  ],
});
const LOOKUP_BATCH = batch(['in_batch', 'out_batch', 'keys', 'values']);
/** BPF_TASK_FD_QUERY's buf: a string of at most the smaller of the entry and exit buf_len. */
const TASK_BUF: Printer = (a) => {
  const n = Math.min(Number(a.before('buf_len')), Number(a.get('buf_len')));
  return boundedString(a.c, BigInt.asUintN(64, num(a)), n);
};

const COMMANDS: Readonly<Record<string, Command>> = {
  BPF_MAP_CREATE: {
    returnsFd: true,
    s: 'bpf_attr.map_type',
    end: 'map_extra',
    items: [
      ['map_type', en('bpf_map_types')],
      ['key_size', U],
      ['value_size', U],
      ['max_entries', U],
      BREAK,
      ['map_flags', fl('bpf_map_flags')],
      BREAK,
      ['inner_map_fd', FD],
      BREAK,
      ['numa_node', NUMA, flagSet('map_flags', 'bpf_map_flags', 'BPF_F_NUMA_NODE')],
      BREAK,
      ['map_name', NAME],
      BREAK,
      ['map_ifindex', IFINDEX],
      BREAK,
      ['btf_fd', FD],
      ['btf_key_type_id', U],
      ['btf_value_type_id', U],
      BREAK,
      ['btf_vmlinux_value_type_id', U],
      BREAK,
      ['map_extra', U],
    ],
  },
  BPF_MAP_LOOKUP_ELEM: LOOKUP,
  BPF_MAP_LOOKUP_AND_DELETE_ELEM: LOOKUP,
  BPF_MAP_UPDATE_ELEM: {
    s: ELEM,
    end: 'flags',
    items: [
      ['map_fd', FD],
      ['key', ADDR],
      ['value', ADDR],
      ['flags', en('bpf_map_update_elem_flags')],
    ],
  },
  BPF_MAP_DELETE_ELEM: {
    s: ELEM,
    end: 'key',
    items: [
      ['map_fd', FD],
      ['key', ADDR],
    ],
  },
  BPF_MAP_GET_NEXT_KEY: {
    s: ELEM,
    end: 'next_key',
    items: [
      ['map_fd', FD],
      ['key', ADDR],
      ['next_key', ADDR],
    ],
  },
  BPF_MAP_FREEZE: { s: ELEM, end: 'map_fd', items: [['map_fd', FD]] },
  BPF_PROG_LOAD: {
    returnsFd: true,
    s: 'bpf_attr.prog_type',
    end: 'fd_array',
    items: [
      ['prog_type', en('bpf_prog_types')],
      ['insn_cnt', U],
      ['insns', INSNS],
      ['license', STR],
      BREAK,
      ['log_level', U],
      ['log_size', U],
      ['log_buf', LOG_BUF],
      BREAK,
      ['kern_version', KVER],
      BREAK,
      ['prog_flags', fl('bpf_prog_flags')],
      BREAK,
      ['prog_name', NAME],
      BREAK,
      ['prog_ifindex', IFINDEX],
      BREAK,
      ['expected_attach_type', en('bpf_attach_type')],
      BREAK,
      ['prog_btf_fd', FD],
      ['func_info_rec_size', U],
      ['func_info', ADDR],
      ['func_info_cnt', U],
      ['line_info_rec_size', U],
      ['line_info', ADDR],
      ['line_info_cnt', U],
      BREAK,
      ['attach_btf_id', U],
      BREAK,
      ['attach_prog_fd', FD],
      BREAK,
      ['fd_array', ADDR],
    ],
  },
  BPF_OBJ_PIN: OBJ,
  BPF_OBJ_GET: OBJ,
  BPF_PROG_ATTACH: {
    s: 'bpf_attr.target_fd',
    end: 'replace_bpf_fd',
    items: [
      ['target_fd', FD],
      ['attach_bpf_fd', FD],
      ['attach_type', en('bpf_attach_type')],
      ['attach_flags', fl('bpf_attach_flags')],
      BREAK,
      ['replace_bpf_fd', FD],
    ],
  },
  BPF_PROG_DETACH: {
    s: 'bpf_attr.target_fd',
    end: 'attach_type',
    items: [
      ['target_fd', FD],
      ['attach_type', en('bpf_attach_type')],
    ],
  },
  BPF_PROG_TEST_RUN: {
    s: 'bpf_attr.test',
    wrap: 'test',
    end: 'batch_size',
    items: [
      ['prog_fd', FD],
      ['retval', U],
      ['data_size_in', U],
      ['data_size_out', U],
      ['data_in', ADDR],
      ['data_out', ADDR],
      ['repeat', U],
      ['duration', U],
      BREAK,
      ['ctx_size_in', U],
      ['ctx_size_out', U],
      ['ctx_in', ADDR],
      ['ctx_out', ADDR],
      BREAK,
      ['flags', fl('bpf_test_run_flags')],
      ['cpu', U],
      BREAK,
      ['batch_size', U],
    ],
  },
  BPF_PROG_GET_FD_BY_ID: byId('prog_id'),
  BPF_MAP_GET_FD_BY_ID: byId('map_id'),
  BPF_BTF_GET_FD_BY_ID: { s: 'bpf_attr.start_id', end: 'btf_id', returnsFd: true, items: [['btf_id', U]] },
  BPF_LINK_GET_FD_BY_ID: { s: 'bpf_attr.start_id', end: 'link_id', returnsFd: true, items: [['link_id', U]] },
  BPF_RAW_TRACEPOINT_OPEN: {
    s: 'bpf_attr.raw_tracepoint',
    wrap: 'raw_tracepoint',
    end: 'prog_fd',
    items: [
      ['name', STR],
      ['prog_fd', FD],
    ],
  },
  BPF_BTF_LOAD: {
    returnsFd: true,
    s: 'bpf_attr.btf',
    end: 'btf_log_level',
    items: [
      ['btf', BTF],
      ['btf_log_buf', ADDR],
      ['btf_size', U],
      ['btf_log_size', U],
      ['btf_log_level', U],
    ],
  },
  BPF_PROG_GET_NEXT_ID: NEXT_ID,
  BPF_MAP_GET_NEXT_ID: NEXT_ID,
  BPF_BTF_GET_NEXT_ID: NEXT_ID,
  BPF_LINK_GET_NEXT_ID: NEXT_ID,
  BPF_OBJ_GET_INFO_BY_FD: {
    s: 'bpf_attr.info',
    wrap: 'info',
    end: 'info',
    entry: infoAtEntry,
    items: [
      ['bpf_fd', FD],
      ['info_len', CHANGED],
      ['info', INFO, AT_EXIT],
    ],
  },
  BPF_PROG_QUERY: {
    s: 'bpf_attr.query',
    wrap: 'query',
    end: 'prog_cnt',
    items: [
      ['target_fd', FD],
      ['attach_type', en('bpf_attach_type')],
      ['query_flags', fl('bpf_query_flags')],
      ['attach_flags', fl('bpf_attach_flags')],
      ['prog_ids', array('prog_cnt', 4, u32Item), AT_EXIT],
      ['prog_cnt', CHANGED],
    ],
  },
  BPF_TASK_FD_QUERY: {
    s: 'bpf_attr.task_fd_query',
    wrap: 'task_fd_query',
    end: 'probe_addr',
    items: [
      ['pid', TGID],
      ['fd', FD],
      ['flags', U],
      ['buf_len', CHANGED],
      ['buf', TASK_BUF, AT_EXIT],
      ['prog_id', U, AT_EXIT],
      ['fd_type', en('bpf_task_fd_type'), AT_EXIT],
      ['probe_offset', X, AT_EXIT],
      ['probe_addr', X, AT_EXIT],
    ],
  },
  BPF_MAP_LOOKUP_BATCH: LOOKUP_BATCH,
  BPF_MAP_LOOKUP_AND_DELETE_BATCH: LOOKUP_BATCH,
  BPF_MAP_UPDATE_BATCH: batch(['keys', 'values']),
  BPF_MAP_DELETE_BATCH: batch(['keys']),
  BPF_LINK_CREATE: {
    returnsFd: true,
    s: 'bpf_attr.link_create',
    wrap: 'link_create',
    end: 'kprobe_multi.cookies',
    items: [['prog_fd', FD], ['target_fd', FD], ['attach_type', en('bpf_attach_type')], ['flags', X], BREAK],
    byType: {
      field: 'attach_type',
      table: 'bpf_attach_type',
      cases: {
        // strace 6.1 takes attach type 0 for BPF_PROG_TYPE_EXT's target_btf_id
        BPF_CGROUP_INET_INGRESS: {
          end: 'target_btf_id',
          items: [['target_btf_id', U, { when: (a) => num(a) !== 0n }]],
        },
        BPF_TRACE_ITER: {
          end: 'iter_info_len',
          items: [
            ['iter_info', array('iter_info_len', 4, iterItem)],
            ['iter_info_len', U],
          ],
        },
        BPF_PERF_EVENT: { end: 'perf_event.bpf_cookie', items: [['perf_event', group([['bpf_cookie', X]])]] },
        BPF_TRACE_KPROBE_MULTI: {
          end: 'kprobe_multi.cookies',
          items: [
            [
              'kprobe_multi',
              group([
                ['flags', fl('bpf_link_create_kprobe_multi_flags')],
                ['cnt', U],
                ['syms', array('kprobe_multi.cnt', 8, strItem)],
                ['addrs', array('kprobe_multi.cnt', 8, xu64Item)],
                ['cookies', array('kprobe_multi.cnt', 8, xu64Item)],
              ]),
            ],
          ],
        },
        default: { end: 'flags', items: [] },
      },
    },
  },
  BPF_LINK_UPDATE: {
    s: 'bpf_attr.link_update',
    wrap: 'link_update',
    end: 'old_prog_fd',
    items: [
      ['link_fd', FD],
      ['new_prog_fd', FD],
      ['flags', fl('bpf_attach_flags')],
      ['old_prog_fd', FD, flagSet('flags', 'bpf_attach_flags', 'BPF_F_REPLACE')],
    ],
  },
};

/** The name of bpf command `cmd` when it returns a new fd (BPF_MAP_CREATE, BPF_PROG_LOAD, *_GET_FD_BY_ID, ...). */
export function bpfFdCommand(cmd: number): string | undefined {
  const name = nameOf('bpf_cmd', cmd);
  return name !== undefined && COMMANDS[name]?.returnsFd ? name : undefined;
}

/** The batch count the kernel changed: `{...} => {batch={count=N}}`. */
function batchCount(cmd: Command, shown: Value, bytes: Uint8Array, now: Uint8Array | undefined): Value {
  const f = (STRUCTS[cmd.s].fields as Readonly<Record<string, GenField>>).count;
  if (!f || !now) return shown;
  const attrSize = sizeOf(cmd);
  const was = attrView(bytes, attrSize).getUint32(f.off, true);
  const is = attrView(now, attrSize).getUint32(f.off, true);
  if (was === is) return shown;
  const after: Value = { k: 'struct', fields: [['batch', { k: 'struct', fields: [['count', int(is)]] }]] };
  return { k: 'changed', before: shown, after };
}

const PAGE = 4096;

/** The command's table entry and the attr's bytes, when strace decodes it: 0 < size <= a page, all readable. */
function attrBytes(c: CallContext, i: number): { cmd: Command; bytes: Uint8Array } | undefined {
  const size = u32(c, 2);
  const cmd = COMMANDS[nameOf('bpf_cmd', u32(c, 0)) ?? ''];
  if (!cmd || size === 0 || size > PAGE) return undefined;
  const bytes = c.mem.read(u64(c, i), size);
  return bytes && bytes.length === size ? { cmd, bytes } : undefined;
}

/** What bpf's attr keeps from entry to exit: the value printed at entry, or the bytes to print at exit. */
class Kept {
  constructor(
    readonly value?: Value,
    readonly bytes?: Uint8Array,
    readonly state?: unknown,
  ) {}
}

/** The attr at exit: the entry bytes and the exit ones; a successful fd-returning command decorates the fd. */
function atExitValue(c: CallContext, i: number, cmd: Command, kept: Kept): Value {
  // syscall.c's RVAL_FD: only a value printfd's int can hold is an fd
  const ret = c.ret === undefined ? undefined : BigInt.asUintN(64, c.ret);
  if (cmd.returnsFd && !c.failed && ret !== undefined && ret <= 0x7fffffffn)
    c.retValue = fdValue(c, Number(ret));
  if (kept.value) return kept.value;
  const bytes = kept.bytes ?? new Uint8Array();
  const now = c.mem.read(u64(c, i), bytes.length);
  const exitBytes = now && now.length === bytes.length ? now : undefined;
  if (cmd.countAtExit) return batchCount(cmd, decodeStruct(c, cmd, bytes), bytes, exitBytes);
  return decodeStruct(c, cmd, bytes, { now: exitBytes, state: kept.state });
}

/**
 * bpf's attr: read at entry; a command with fields the kernel fills in (GET_NEXT_ID, OBJ_GET_INFO_BY_FD, the
 * queries, the batches) is printed at exit from the entry bytes and the exit ones.
 */
export const bpfAttr: ArgDecoder = {
  phase: 'exit',
  atEntry: (c, i) => {
    const got = attrBytes(c, i);
    if (!got) return save(c, i, ptr(u64(c, i)));
    const { cmd, bytes } = got;
    const kept = atExit(cmd)
      ? new Kept(undefined, bytes, cmd.entry?.(c, bytes))
      : new Kept(decodeStruct(c, cmd, bytes));
    saveForExit(c, i, kept);
  },
  decode: (c, i) => {
    const kept = c.saved?.[i];
    const cmd = COMMANDS[nameOf('bpf_cmd', u32(c, 0)) ?? ''];
    if (!cmd || !(kept instanceof Kept)) return (kept as Value | undefined) ?? ptr(u64(c, i));
    return atExitValue(c, i, cmd, kept);
  },
};
