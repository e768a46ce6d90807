// BPF_OBJ_GET_INFO_BY_FD's info buffer under -v, as strace 6.1 prints it: struct bpf_map_info or bpf_prog_info by
// what the fd is (its /proc link at entry), read at exit; a prog's lengths and counts as the caller set them and,
// when the kernel changed them, as they are now.
import { int, ptr, text } from '../../model/value.js';
import { clockNs } from '../../sys/clock.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { ebpfProg } from '../structs/ebpf-prog.js';
import { charArray, devValue, idValue, timeComment } from '../structs/read.js';
import { currentConstStyle } from '../xlat.js';
import {
  ADDR,
  BREAK,
  CHANGED,
  type Command,
  changed,
  decodeStruct,
  en,
  fl,
  IFINDEX,
  num,
  type Printer,
  U,
} from './bpf-struct.js';
import { hexString, xv } from './util.js';

/** What the fd is, and the info buffer as it was at entry (a prog's counts print `entry => exit`). */
interface InfoState {
  readonly kind: Command;
  readonly was: Uint8Array;
}

const PAGE = 4096;

/** fetch_bpf_obj_info: the buffer when 0 < size <= a page and all of it is readable. */
function fetchInfo(c: CallContext, addr: bigint, size: number): Uint8Array | undefined {
  if (size === 0 || size > PAGE) return undefined;
  const bytes = c.mem.read(addr, size);
  return bytes && bytes.length === size ? bytes : undefined;
}

/** PRINT_FIELD_CSTRING: a char array up to its NUL. */
const CSTR: Printer = (a) => charArray(a.v, a.f.off, a.f.count ?? a.f.size);
/** PRINT_FIELD_HEX_ARRAY: every byte as \xNN. */
const HEX: Printer = (a) => {
  const bytes = new Uint8Array(a.v.buffer, a.v.byteOffset + a.f.off, a.f.count ?? a.f.size);
  return text(`"${Array.from(bytes, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}"`);
};
const DEV: Printer = (a) => devValue(num(a));
const UID: Printer = (a) => idValue(Number(num(a)));
const ADDR_CHANGED = changed((v) => ptr(v));

/** The wall clock minus the boot clock, taken once as strace does (print_boottime). */
let bootOffset: bigint | undefined;
/** print_boottime: a boot-clock time in ns, with its wall-clock second as a comment (none under -X raw). */
const BOOTTIME: Printer = (a) => {
  const ns = num(a);
  if (currentConstStyle() === 'raw') return int(ns);
  if (bootOffset === undefined) {
    const boot = clockNs(xv('clock_id', 'CLOCK_BOOTTIME'));
    const real = clockNs(xv('clock_id', 'CLOCK_REALTIME'));
    if (boot === undefined || real === undefined) return int(ns);
    bootOffset = real - boot;
  }
  const comment = timeComment((bootOffset + ns) / 1_000_000_000n, 0n, 0n, 0);
  return comment === undefined ? int(ns) : { k: 'commented', value: int(ns), comment };
};

/** jited_prog_insns: printstr_ex(QUOTE_FORCE_HEX) of as many bytes as the kernel says it wrote. */
const JITED: Printer = (a) => hexString(a.c, num(a), Number(a.get('jited_prog_len')));

/** The smaller of a count at entry and at exit: how much of a buffer the kernel filled that the caller had. */
const filled = (a: Parameters<Printer>[0], name: string): bigint => {
  const was = a.before(name);
  const now = a.get(name);
  // bigints: Math.min takes numbers only
  // biome-ignore lint/complexity/useMathMinMax: bigint operands
  return was < now ? was : now;
};

/** xlated_prog_insns: the instructions the kernel wrote, as bpf(BPF_PROG_LOAD) prints them. */
const XLATED: Printer = (a) =>
  ebpfProg(a.c, num(a), filled(a, 'xlated_prog_len') / BigInt(STRUCTS.bpf_insn.size));

/** map_ids: the ids the kernel wrote. */
const MAP_IDS: Printer = (a) => {
  const addr = num(a);
  const n = filled(a, 'nr_map_ids');
  if (a.c.failed && addr !== 0n && n !== 0n) return ptr(addr);
  return memArray(a.c, addr, n, 4, (v, off) => int(v.getUint32(off, true)));
};

const MAP_INFO: Command = {
  s: 'bpf_map_info',
  end: 'map_extra',
  items: [
    ['type', en('bpf_map_types')],
    ['id', U],
    ['key_size', U],
    ['value_size', U],
    ['max_entries', U],
    ['map_flags', fl('bpf_map_flags')],
    BREAK,
    ['name', CSTR],
    BREAK,
    ['ifindex', IFINDEX],
    ['btf_vmlinux_value_type_id', U],
    ['netns_dev', DEV],
    ['netns_ino', U],
    BREAK,
    ['btf_id', U],
    ['btf_key_type_id', U],
    ['btf_value_type_id', U],
  ],
};

const PROG_INFO: Command = {
  s: 'bpf_prog_info',
  end: 'verified_insns',
  items: [
    ['type', en('bpf_prog_types')],
    ['id', U],
    ['tag', HEX],
    ['jited_prog_len', CHANGED],
    ['jited_prog_insns', JITED],
    ['xlated_prog_len', CHANGED],
    ['xlated_prog_insns', XLATED],
    BREAK,
    ['load_time', BOOTTIME],
    ['created_by_uid', UID],
    ['nr_map_ids', CHANGED],
    ['map_ids', MAP_IDS],
    ['name', CSTR],
    BREAK,
    ['ifindex', IFINDEX],
    ['gpl_compatible', U],
    ['netns_dev', DEV],
    ['netns_ino', U],
    BREAK,
    ['nr_jited_ksyms', CHANGED],
    ['nr_jited_func_lens', CHANGED],
    ['jited_ksyms', ADDR_CHANGED],
    ['jited_func_lens', ADDR_CHANGED],
    BREAK,
    ['btf_id', U],
    ['func_info_rec_size', CHANGED],
    ['func_info', ADDR],
    ['nr_func_info', CHANGED],
    ['nr_line_info', CHANGED],
    ['line_info', ADDR],
    ['jited_line_info', ADDR_CHANGED],
    ['nr_jited_line_info', CHANGED],
    ['line_info_rec_size', CHANGED],
    ['jited_line_info_rec_size', CHANGED],
    ['nr_prog_tags', CHANGED],
    ['prog_tags', ADDR],
    BREAK,
    ['run_time_ns', U],
    ['run_cnt', U],
    BREAK,
    ['recursion_misses', U],
    BREAK,
    ['verified_insns', U],
  ],
};

/** The printers by the fd's /proc link (anon inodes of the bpf file types). */
const BY_LINK: Readonly<Record<string, Command>> = {
  'anon_inode:bpf-map': MAP_INFO,
  'anon_inode:bpf-prog': PROG_INFO,
};

const ATTR = STRUCTS['bpf_attr.info'].fields;

/** At entry under -v: what the fd is and, for a prog, the info buffer as the caller filled it. */
export function infoAtEntry(c: CallContext, attr: Uint8Array): InfoState | undefined {
  if (!c.opts.verbose) return undefined;
  const v = new DataView(new ArrayBuffer(STRUCTS['bpf_attr.info'].size));
  new Uint8Array(v.buffer).set(attr.subarray(0, v.byteLength));
  const kind = BY_LINK[c.fdPath(v.getInt32(ATTR.bpf_fd.off, true)) ?? ''];
  if (!kind) return undefined;
  const was = fetchInfo(c, v.getBigUint64(ATTR.info.off, true), v.getUint32(ATTR.info_len.off, true));
  return { kind, was: was ?? new Uint8Array() };
}

/** The info field at exit: the struct under -v when the fd is a map or prog and the buffer is readable. */
export const INFO: Printer = (a) => {
  const addr = num(a);
  const state = a.state as InfoState | undefined;
  if (!state) return ptr(addr);
  const now = fetchInfo(a.c, addr, Number(a.get('info_len')));
  if (!now) return ptr(addr);
  return decodeStruct(a.c, state.kind, now, { was: state.was });
};
