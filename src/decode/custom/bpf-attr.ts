// bpf(2)'s union bpf_attr as strace 6.1 prints it, per command: a table of the fields strace shows (names and
// printers, in its order, with the struct versions at which it stops when the caller's size is shorter); every
// offset comes from the generated layouts of the pinned linux/bpf.h (src/tables/generated/structs.ts).
import { int, NONE, ptr, sym, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import { cString } from '../args/strings.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { ifindexText } from '../structs/inet.js';
import { charArray } from '../structs/read.js';
import { currentConstStyle } from '../xlat.js';
import { boundedString, enumOf, flagsOf, nameOf, u32, u64, xv } from './util.js';

type StructName = keyof typeof STRUCTS;
interface GenField {
  readonly off: number;
  readonly size: number;
  readonly kind: string;
  readonly count?: number;
}

/** What a printer sees: the attr bytes (zero-filled past the caller's size), the field, the call. */
interface At {
  readonly c: CallContext;
  readonly v: DataView;
  readonly f: GenField;
  /** The caller's size, capped at strace's struct size. */
  readonly len: number;
  /** Reads another field of the same struct as a number. */
  readonly get: (name: string) => bigint;
}
type Printer = (a: At) => Value;

const num = (a: At): bigint => {
  const { v, f } = a;
  if (f.size === 8) return f.kind === 's' ? v.getBigInt64(f.off, true) : v.getBigUint64(f.off, true);
  if (f.size === 4) return BigInt(f.kind === 's' ? v.getInt32(f.off, true) : v.getUint32(f.off, true));
  if (f.size === 2) return BigInt(v.getUint16(f.off, true));
  return BigInt(v.getUint8(f.off));
};

/** PRINT_FIELD_U / _ADDR64 / _FD / _XVAL / _FLAGS. */
const U: Printer = (a) => int(BigInt.asUintN(a.f.size * 8, num(a)));
const ADDR: Printer = (a) => ptr(BigInt.asUintN(64, num(a)));
const FD: Printer = (a) => fdValue(a.c, Number(BigInt.asIntN(32, num(a))));
const en =
  (table: string): Printer =>
  (a) =>
    enumOf(table, num(a));
const fl =
  (table: string): Printer =>
  (a) =>
    flagsOf(table, num(a));
/** PRINT_FIELD_CSTRING_SZ: a char array, no further than the caller's size. */
const NAME: Printer = (a) => charArray(a.v, a.f.off, Math.min(a.f.count ?? a.f.size, a.len - a.f.off));
/** PRINT_FIELD_IFINDEX. */
const IFINDEX: Printer = (a) => text(ifindexText(a.c, Number(num(a))));
/** printstr: a NUL-terminated string, cut at -s. */
const STR: Printer = (a) => cString(a.c, BigInt.asUintN(64, num(a)), a.c.opts.strsize);
/** printpath. */
const PATH: Printer = (a) => cString(a.c, BigInt.asUintN(64, num(a)), 4095);

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

/** print_ebpf_prog: the address unless -v, then the instructions (not yet decoded: the address). */
const INSNS: Printer = (a) => ptr(BigInt.asUintN(64, num(a)));

/** One printed field, a version break (`len <= offsetof(next)` stops), or a field shown only when `when` holds. */
type Item =
  | readonly [name: string, p: Printer]
  | readonly [name: string, p: Printer, when: (a: At) => boolean]
  | typeof BREAK;
const BREAK = '|' as const;

interface Command {
  /** The generated layout: `bpf_attr.MEMBER` (named member) or `bpf_attr.FIRSTFIELD` (anonymous). */
  readonly s: StructName;
  /** strace's struct size: the end of this field, rounded to the struct's alignment. */
  readonly end: string;
  /** The member strace prints around the fields (`{test={...}}`). */
  readonly wrap?: string;
  readonly items: readonly Item[];
}

/** A field shown only when flag `flag` of table `table` is set in field `field`. */
const flagSet =
  (field: string, table: string, flag: string) =>
  (a: At): boolean =>
    (a.get(field) & BigInt(xv(table, flag))) !== 0n;

const LOG_BUF: Printer = (a) => boundedString(a.c, BigInt.asUintN(64, num(a)), Number(a.get('log_size')));

const ELEM = 'bpf_attr.map_fd' as const;
const LOOKUP: Command = {
  s: ELEM,
  end: 'flags',
  items: [['map_fd', FD], ['key', ADDR], ['value', ADDR], BREAK, ['flags', fl('bpf_map_lookup_elem_flags')]],
};
const OBJ: Command = {
  s: 'bpf_attr.pathname',
  end: 'file_flags',
  items: [['pathname', PATH], ['bpf_fd', FD], BREAK, ['file_flags', fl('bpf_file_mode_flags')]],
};
const byId = (id: string): Command => ({
  s: 'bpf_attr.start_id',
  end: 'open_flags',
  items: [[id, U], ['next_id', U], BREAK, ['open_flags', fl('bpf_file_mode_flags')]],
});

const COMMANDS: Readonly<Record<string, Command>> = {
  BPF_MAP_CREATE: {
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
  BPF_BTF_GET_FD_BY_ID: { s: 'bpf_attr.start_id', end: 'btf_id', items: [['btf_id', U]] },
  BPF_LINK_GET_FD_BY_ID: { s: 'bpf_attr.start_id', end: 'link_id', items: [['link_id', U]] },
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
    s: 'bpf_attr.btf',
    end: 'btf_log_level',
    items: [
      ['btf', ADDR],
      ['btf_log_buf', ADDR],
      ['btf_size', U],
      ['btf_log_size', U],
      ['btf_log_level', U],
    ],
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

/** strace's struct size for a command: the end of its last field, rounded to the alignment of the fields before. */
function sizeOf(cmd: Command): number {
  const fields = STRUCTS[cmd.s].fields as Readonly<Record<string, GenField>>;
  const last = fields[cmd.end];
  if (!last) throw new Error(`${cmd.s} has no field ${cmd.end}`);
  const end = last.off + last.size * (last.count ?? 1);
  const align = Math.max(
    ...Object.values(fields)
      .filter((f) => f.off < end && f.kind !== 'struct')
      .map((f) => f.size),
  );
  return Math.ceil(end / align) * align;
}

/** decode_attr_extra_data: bytes past strace's struct that are not all zero show as `...` (the bytes with -v). */
function extraData(c: CallContext, bytes: Uint8Array, size: number): Value | undefined {
  const extra = bytes.subarray(size);
  if (extra.every((b) => b === 0)) return undefined;
  if (!c.opts.verbose) return NONE;
  const hexed = Array.from(extra, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  return text(`extra_data="${hexed}" /* bytes ${size}..${size + extra.length - 1} */`);
}

/** The attr of `cmd` from the `size` bytes the caller passed. */
function decodeAttr(c: CallContext, cmd: Command, bytes: Uint8Array): Value {
  const fields = STRUCTS[cmd.s].fields as Readonly<Record<string, GenField>>;
  const attrSize = sizeOf(cmd);
  const len = Math.min(bytes.length, attrSize);
  const buf = new Uint8Array(Math.max(attrSize, 8));
  buf.set(bytes.subarray(0, len));
  const v = new DataView(buf.buffer);
  const field = (name: string): GenField => {
    const f = fields[name];
    if (!f) throw new Error(`${cmd.s} has no field ${name}`);
    return f;
  };
  const get = (name: string): bigint => num({ c, v, f: field(name), len, get });
  const out: [string, Value][] = [];
  let stop = false;
  for (let k = 0; k < cmd.items.length && !stop; k++) {
    const item = cmd.items[k];
    if (item === BREAK) {
      const next = cmd.items[k + 1];
      if (next && next !== BREAK && len <= field(next[0]).off) stop = true;
      continue;
    }
    if (!item) continue;
    const at: At = { c, v, f: field(item[0]), len, get };
    if (item.length === 3 && !item[2](at)) continue;
    out.push([item[0], item[1](at)]);
  }
  const inner: Value = { k: 'struct', fields: out };
  const fieldsShown: [string, Value][] = cmd.wrap ? [[cmd.wrap, inner]] : out;
  const extra = stop ? undefined : extraData(c, bytes, attrSize);
  if (extra === undefined) return { k: 'struct', fields: fieldsShown };
  if (extra.k === 'none') return { k: 'struct', fields: fieldsShown, more: true };
  return { k: 'struct', fields: [...fieldsShown, ['', extra]] };
}

const PAGE = 4096;

/** bpf's attr: decoded when the command is known and 0 < size <= a page and the bytes are readable. */
export const bpfAttr: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const addr = u64(c, i);
    const size = u32(c, 2);
    const cmd = COMMANDS[nameOf('bpf_cmd', u32(c, 0)) ?? ''];
    if (!cmd || size === 0 || size > PAGE) return ptr(addr);
    const bytes = c.mem.read(addr, size);
    if (!bytes || bytes.length < size) return ptr(addr);
    return decodeAttr(c, cmd, bytes);
  },
};
