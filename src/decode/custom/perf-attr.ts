// struct perf_event_attr as strace 6.1 prints it (perf_event_open(2), ioctl(PERF_EVENT_IOC_MODIFY_ATTRIBUTES)):
// the fields as far as the caller's size reaches, the flag bits (only the set ones unless -v), the rest with -v;
// offsets and bit-fields come from the generated layout of the pinned linux/perf_event.h.
import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { xint } from '../structs/read.js';
import { formatEnum, hex, lookupXlat } from '../xlat.js';
import { enumOf, flagsOf, nameOf, xv } from './util.js';

const ATTR = STRUCTS.perf_event_attr;
type FieldName = keyof typeof ATTR.fields;
const F = ATTR.fields as Readonly<
  Record<FieldName, { off: number; size: number; bit?: number; bits?: number }>
>;

/** The bits strace 6.1 prints by name, in its order (the ones after `__reserved_1` are not flags). */
const FLAGS: readonly FieldName[] = [
  'disabled',
  'inherit',
  'pinned',
  'exclusive',
  'exclude_user',
  'exclude_kernel',
  'exclude_hv',
  'exclude_idle',
  'mmap',
  'comm',
  'freq',
  'inherit_stat',
  'enable_on_exec',
  'task',
  'watermark',
  'precise_ip',
  'mmap_data',
  'sample_id_all',
  'exclude_host',
  'exclude_guest',
  'exclude_callchain_kernel',
  'exclude_callchain_user',
  'mmap2',
  'comm_exec',
  'use_clockid',
  'context_switch',
  'write_backward',
  'namespaces',
  'ksymbol',
  'bpf_event',
  'aux_output',
  'cgroup',
  'text_poke',
  'build_id',
  'inherit_thread',
  'remove_on_exec',
  'sigtrap',
];

const PRECISE_IP = ['arbitrary skid', 'constant skid', 'requested to have 0 skid', 'must have 0 skid'];

/** The attr as read at entry: its bytes (zero-filled to the struct's size) and how many the caller gave. */
export interface PerfAttr {
  readonly v: DataView;
  readonly size: number;
}

const p = (name: string): number => xv('perf_attr_size', name);

/**
 * fetch_perf_event_attr: the size field first (the address when unreadable), capped at the struct, 0 taken as
 * VER0, below VER0 refused (the address); without -v only the fields before wakeup_events.
 */
export function fetchPerfAttr(c: CallContext, addr: bigint): PerfAttr | Value {
  if (addr === 0n) return ptr(0n);
  const head = c.mem.read(addr + BigInt(F.size.off), 4);
  if (!head || head.length < 4) return ptr(addr);
  let size = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true);
  if (size > ATTR.size) size = ATTR.size;
  if (size === 0) size = p('PERF_ATTR_SIZE_VER0');
  if (size < p('PERF_ATTR_SIZE_VER0')) return ptr(addr);
  if (!c.opts.verbose) size = F.wakeup_events.off;
  const bytes = c.mem.read(addr, size);
  if (!bytes || bytes.length < size) return ptr(addr);
  const buf = new Uint8Array(ATTR.size);
  buf.set(bytes);
  return { v: new DataView(buf.buffer), size };
}

export const isPerfAttr = (a: PerfAttr | Value): a is PerfAttr => 'size' in a && 'v' in a;

/** A field's value (a bit-field's bits). */
function u(a: PerfAttr, name: FieldName): bigint {
  const f = F[name];
  const word = storage(a, name);
  if (f.bits === undefined) return word;
  return (word >> BigInt(f.bit ?? 0)) & ((1n << BigInt(f.bits)) - 1n);
}

/** The whole storage unit a field sits in (bytes strace 6.1 reads as one reserved word). */
function storage(a: PerfAttr, name: FieldName): bigint {
  const f = F[name];
  const { v } = a;
  const word =
    f.size === 8
      ? v.getBigUint64(f.off, true)
      : BigInt(
          f.size === 4
            ? v.getUint32(f.off, true)
            : f.size === 2
              ? v.getUint16(f.off, true)
              : v.getUint8(f.off),
        );
  return word;
}

/** printxval of one value of a table. */
function named(table: string, value: bigint): string {
  const t = lookupXlat(table);
  return t ? formatEnum(t, value) : hex(value);
}

/** config: what it means depends on the type (hardware and cache events have fields in it). */
function config(a: PerfAttr): Value {
  const cfg = u(a, 'config');
  const high = cfg >> 32n ? `${hex(cfg >> 32n)}<<32|` : '';
  switch (nameOf('perf_type_id', u(a, 'type'))) {
    case 'PERF_TYPE_HARDWARE':
      return sym(`${high}${named('perf_hw_id', cfg & 0xffffffffn)}`);
    case 'PERF_TYPE_SOFTWARE':
      return enumOf('perf_sw_ids', cfg);
    case 'PERF_TYPE_TRACEPOINT':
      return int(cfg);
    case 'PERF_TYPE_HW_CACHE': {
      const top = (cfg & 0xffffffffn) >> 24n;
      return sym(
        `${high}${top ? `${hex(top)}<<24|` : ''}` +
          `${named('perf_hw_cache_op_result_id', (cfg >> 16n) & 0xffn)}<<16|` +
          `${named('perf_hw_cache_op_id', (cfg >> 8n) & 0xffn)}<<8|` +
          named('perf_hw_cache_id', cfg & 0xffn),
      );
    }
    default:
      return xint(cfg);
  }
}

/** bp_type: a combination of R/W with X is invalid rather than unknown. */
function bpType(a: PerfAttr): Value {
  const t = u(a, 'bp_type');
  const table = lookupXlat('hw_breakpoint_type');
  if (!table || table.values.some(([, v]) => BigInt(v) === t)) return enumOf('hw_breakpoint_type', t);
  const rwx = BigInt(
    xv('hw_breakpoint_type', 'HW_BREAKPOINT_X') | xv('hw_breakpoint_type', 'HW_BREAKPOINT_RW'),
  );
  return sym(formatEnum({ ...table, unknown: t <= rwx ? 'HW_BREAKPOINT_INVALID' : table.unknown }, t));
}

/** A field followed by a comment on reserved bytes after it that are not zero (` /* bytes 110..111: 0x1 *\/`). */
function withReserved(a: PerfAttr, v: Value, name: FieldName, from: number, to: number): Value {
  if (F[name].off >= a.size) return v;
  // 6.12 names bits of 116..119 (aux_pause...); strace 6.1 shows the whole word as reserved
  const r = storage(a, name);
  return r ? { k: 'commented', value: v, comment: `bytes ${from}..${to}: ${hex(r)}` } : v;
}

/**
 * print_perf_event_attr: `newSize` is the size the kernel wrote back after E2BIG (null: unreadable), shown as
 * `size=OLD => NEW`.
 */
export function perfAttrValue(c: CallContext, a: PerfAttr, newSize?: number | null): Value {
  const out: [string, Value][] = [];
  const type = nameOf('perf_type_id', u(a, 'type'));
  const breakpoint = type === 'PERF_TYPE_BREAKPOINT';
  const sampleType = u(a, 'sample_type');
  const sampleBit = (flag: string): boolean =>
    (sampleType & BigInt(xv('perf_event_sample_format', flag))) !== 0n;
  out.push(['type', enumOf('perf_type_id', u(a, 'type'))]);
  const size = enumOf('perf_attr_size', u(a, 'size'));
  if (newSize === undefined) out.push(['size', size]);
  else
    out.push([
      'size',
      {
        k: 'changed',
        before: size,
        after: newSize === null ? text('???') : enumOf('perf_attr_size', newSize),
      },
    ]);
  out.push(['config', config(a)]);
  out.push(
    u(a, 'freq') ? ['sample_freq', int(u(a, 'sample_freq'))] : ['sample_period', int(u(a, 'sample_period'))],
  );
  out.push(['sample_type', flagsOf('perf_event_sample_format', sampleType)]);
  out.push(['read_format', flagsOf('perf_event_read_format', u(a, 'read_format'))]);
  for (const flag of FLAGS) {
    const n = u(a, flag);
    if (flag === 'precise_ip')
      out.push([flag, { k: 'commented', value: int(n), comment: PRECISE_IP[Number(n)] ?? '' }]);
    else if (c.opts.verbose || n) out.push([flag, int(n)]);
  }
  // bits strace does not know by name: shown when set
  const reserved = u(a, '__reserved_1');
  if (reserved) out.push(['__reserved_1', { k: 'commented', value: xint(reserved), comment: 'Bits 63..38' }]);
  const tail = (): boolean => {
    if (!c.opts.verbose) return false;
    const upTo = (name: FieldName): boolean => F[name].off < a.size;
    out.push(
      u(a, 'watermark')
        ? ['wakeup_watermark', int(u(a, 'wakeup_watermark'))]
        : ['wakeup_events', int(u(a, 'wakeup_events'))],
    );
    if (breakpoint) out.push(['bp_type', bpType(a)]);
    out.push(breakpoint ? ['bp_addr', xint(u(a, 'bp_addr'))] : ['config1', xint(u(a, 'config1'))]);
    if (!upTo('bp_len')) return false;
    out.push(breakpoint ? ['bp_len', int(u(a, 'bp_len'))] : ['config2', xint(u(a, 'config2'))]);
    if (!upTo('branch_sample_type')) return false;
    if (sampleBit('PERF_SAMPLE_BRANCH_STACK'))
      out.push(['branch_sample_type', flagsOf('perf_branch_sample_type', u(a, 'branch_sample_type'))]);
    if (!upTo('sample_regs_user')) return false;
    out.push(['sample_regs_user', xint(u(a, 'sample_regs_user'))]);
    if (!upTo('sample_stack_user')) return false;
    if (sampleBit('PERF_SAMPLE_STACK_USER')) out.push(['sample_stack_user', xint(u(a, 'sample_stack_user'))]);
    if (u(a, 'use_clockid')) {
      if (!upTo('clockid')) return false;
      out.push(['clockid', enumOf('clock_id', u(a, 'clockid'))]);
    }
    if (!upTo('sample_regs_intr')) return false;
    out.push(['sample_regs_intr', xint(u(a, 'sample_regs_intr'))]);
    if (!upTo('aux_watermark')) return false;
    out.push(['aux_watermark', int(u(a, 'aux_watermark'))]);
    if (!upTo('sample_max_stack')) return false;
    out.push(['sample_max_stack', withReserved(a, int(u(a, 'sample_max_stack')), '__reserved_2', 110, 111)]);
    if (!upTo('__reserved_2') || !upTo('aux_sample_size')) return false;
    out.push(['aux_sample_size', withReserved(a, int(u(a, 'aux_sample_size')), '__reserved_3', 116, 119)]);
    if (!upTo('__reserved_3') || !upTo('sig_data')) return false;
    out.push(['sig_data', xint(u(a, 'sig_data'))]);
    if (!upTo('config3')) return false;
    out.push(['config3', xint(u(a, 'config3'))]);
    return true;
  };
  tail();
  const given = Number(u(a, 'size'));
  // more than was read: the size the caller gave, or for size 0 (VER0) when -v was not given
  const more = given ? given > a.size : a.size < p('PERF_ATTR_SIZE_VER0');
  return { k: 'struct', fields: out, ...(more ? { more: true } : {}) };
}
