// perf_event_open(2)'s attr and the PERF_EVENT_IOC_* ioctls (strace's perf.c and perf_ioctl.c): the attr read at
// entry and printed at exit, with the size the kernel wrote back after E2BIG; each ioctl's argument by request.
import { int, ptr, type Value } from '../../model/value.js';
import { errnoByName } from '../../tables/errnos.js';
import { fdValue } from '../args/fds.js';
import { type ArgDecoder, saveForExit } from '../context.js';
import { memArray } from '../structs/array.js';
import type { Shape } from './ioctl-shape.js';
import { fetchPerfAttr, isPerfAttr, type PerfAttr, perfAttrValue } from './perf-attr.js';
import { boundedString, flagsOf, indirect, readU64, u64, view } from './util.js';

const E2BIG = BigInt(errnoByName('E2BIG')?.value ?? 7);
/** Where perf_event_attr.size sits (the kernel writes its own size there on E2BIG). */
const SIZE_OFF = 4;

/** perf_event_open's attr: decoded at exit so a size the kernel refused shows as `size=OLD => NEW`. */
const perfEventAttr: ArgDecoder = {
  phase: 'exit',
  atEntry: (c, i) => saveForExit(c, i, c.opts.noDeref ? ptr(u64(c, i)) : fetchPerfAttr(c, u64(c, i))),
  decode: (c, i) => {
    const kept = c.saved?.[i] as PerfAttr | Value | undefined;
    if (!kept) return ptr(u64(c, i));
    if (!isPerfAttr(kept)) return kept;
    if (BigInt.asIntN(64, c.ret ?? 0n) !== -E2BIG) return perfAttrValue(c, kept);
    const now = view(c, u64(c, i) + BigInt(SIZE_OFF), 4);
    return perfAttrValue(c, kept, now ? now.getUint32(0, true) : null);
  },
};

export const PERF_DECODERS = { perf_event_attr: perfEventAttr } as const satisfies Record<string, ArgDecoder>;

/** printnum_int64: `[N]`, NULL, or the address. */
const u64At = (c: Parameters<typeof indirect>[0], a: bigint): Value => indirect(c, a, 8, readU64);
/** printflags of the argument's low 32 bits. */
const ioFlags: Shape = { in: (_c, a) => flagsOf('perf_ioctl_flags', a & 0xffffffffn) };
const ioFd: Shape = { in: (c, a) => fdValue(c, Number(BigInt.asIntN(32, a))) };

/** PERF_EVENT_IOC_QUERY_BPF: ids_len at entry; prog_cnt and the ids at exit, when the call succeeded. */
const queryBpf: Shape = {
  staged: {
    in: (c, a) => {
      const v = view(c, a, 4);
      if (!v) return { value: ptr(a), done: true };
      return { value: { k: 'struct', fields: [['ids_len', int(v.getUint32(0, true))]] } };
    },
    out: (c, a, entry) => {
      const head = entry.value.k === 'struct' ? entry.value.fields : [];
      const cnt = c.failed ? undefined : view(c, a + 4n, 4);
      if (!cnt) return { k: 'struct', fields: head, more: true };
      const n = cnt.getUint32(0, true);
      const ids = memArray(c, a + 8n, n, 4, (v, off) => int(v.getUint32(off, true)));
      return { k: 'struct', fields: [...head, ['prog_cnt', int(n)], ['ids', ids]] };
    },
  },
};

export const PERF_SHAPES: Readonly<Record<string, Shape>> = {
  PERF_EVENT_IOC_ENABLE: ioFlags,
  PERF_EVENT_IOC_DISABLE: ioFlags,
  PERF_EVENT_IOC_RESET: ioFlags,
  PERF_EVENT_IOC_REFRESH: { in: (_c, a) => int(BigInt.asIntN(32, a)) },
  PERF_EVENT_IOC_PERIOD: { in: u64At },
  PERF_EVENT_IOC_SET_OUTPUT: ioFd,
  PERF_EVENT_IOC_SET_BPF: ioFd,
  PERF_EVENT_IOC_PAUSE_OUTPUT: { in: (_c, a) => int(a) },
  // printstr_ex(arg, page size, QUOTE_0_TERMINATED)
  PERF_EVENT_IOC_SET_FILTER: { in: (c, a) => boundedString(c, a, 4096) },
  PERF_EVENT_IOC_ID: { out: u64At },
  PERF_EVENT_IOC_QUERY_BPF: queryBpf,
  PERF_EVENT_IOC_MODIFY_ATTRIBUTES: {
    in: (c, a) => {
      const attr = fetchPerfAttr(c, a);
      return isPerfAttr(attr) ? perfAttrValue(c, attr) : attr;
    },
  },
};
