// ioctl requests of block devices (linux/fs.h 0x12, blkpg.h, blktrace_api.h), as strace's block_ioctl: numbers
// the kernel reads or writes through the pointer, BLKPG's partition request and BLKTRACESETUP's setup.
import { int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { pidValue } from '../args/numbers.js';
import type { CallContext } from '../context.js';
import { charArray } from '../structs/read.js';
import { layout } from './gen-layout.js';
import { type FieldKind, layoutValue, readLayout, type Shape } from './ioctl-shape.js';
import { indirect, view } from './util.js';

const fieldsOf = (v: Value) => (v.k === 'struct' ? v.fields : []);

/** printnum_short/int/int64: one number of `size` bytes behind the pointer, `[N]`. */
const num =
  (size: 2 | 4 | 8, signed: boolean) =>
  (c: CallContext, a: bigint): Value =>
    indirect(c, a, size, (v) => {
      if (size === 2) return int(signed ? v.getInt16(0, true) : v.getUint16(0, true));
      if (size === 4) return int(signed ? v.getInt32(0, true) : v.getUint32(0, true));
      return int(signed ? v.getBigInt64(0, true) : v.getBigUint64(0, true));
    });

/** printpair_int64: `[start, length]`. */
function pair(c: CallContext, a: bigint): Value {
  if (a === 0n) return ptr(0n);
  const v = view(c, a, 16);
  return v ? { k: 'array', items: [int(v.getBigUint64(0, true)), int(v.getBigUint64(8, true))] } : ptr(a);
}

const cstring = (size: number): FieldKind => ({ custom: (v, o) => charArray(v, o, size) });
const P = STRUCTS.blkpg_partition.fields;
const PARTITION = layout('blkpg_partition', [
  'start',
  'length',
  'pno',
  ['devname', cstring(P.devname.count)],
  ['volname', cstring(P.volname.count)],
]);
const BLKPG_ARG = layout('blkpg_ioctl_arg', [['op', { enum: 'blkpg_ops', t: 'i32' }], 'flags', 'datalen']);
const DATA = STRUCTS.blkpg_ioctl_arg.fields.data.off;

/** struct blkpg_ioctl_arg, then the partition its data points to. */
function blkpg(c: CallContext, a: bigint): Value {
  const v = view(c, a, STRUCTS.blkpg_ioctl_arg.size);
  if (!v) return ptr(a);
  const data = readLayout(c, v.getBigUint64(DATA, true), PARTITION);
  return { k: 'struct', fields: [...fieldsOf(layoutValue(v, BLKPG_ARG)), ['data', data]] };
}

const T = STRUCTS.blk_user_trace_setup.fields;
const SETUP = layout('blk_user_trace_setup', [
  'act_mask',
  'buf_size',
  'buf_nr',
  'start_lba',
  'end_lba',
  'pid',
]);

/** PRINT_FIELD_TGID: a positive pid as a pid argument is printed (-Y's name, --decode-pids=pidns's comment). */
function withTracePid(c: CallContext, v: DataView, setup: Value): Value {
  const pid = v.getInt32(T.pid.off, true);
  if (pid <= 0) return setup;
  const fields = fieldsOf(setup).map(([n, f]): [string, Value] => [n, n === 'pid' ? pidValue(c, pid) : f]);
  return { k: 'struct', fields };
}

/** BLKTRACESETUP: the setup at entry, the name the kernel gave the trace added at exit. */
const traceSetup: Shape = {
  staged: {
    in: (c, a) => {
      const v = view(c, a, SETUP.size);
      return v ? { value: withTracePid(c, v, layoutValue(v, SETUP)) } : { value: ptr(a), done: true };
    },
    out: (c, a, entry) => {
      const v = c.failed ? undefined : view(c, a, SETUP.size);
      if (!v) return entry.value;
      return {
        k: 'struct',
        fields: [...fieldsOf(entry.value), ['name', charArray(v, T.name.off, T.name.count)]],
      };
    },
  },
};

const NONE: Shape = { none: true };
const inNum = (size: 2 | 4 | 8, signed: boolean): Shape => ({ in: num(size, signed) });
const outNum = (size: 2 | 4 | 8, signed: boolean): Shape => ({ out: num(size, signed) });
const byValue: Shape = { in: (_c, a) => int(a) };

// biome-ignore format: one family of requests per line
export const BLOCK_SHAPES: Readonly<Record<string, Shape>> = {
  BLKRASET: byValue, BLKFRASET: byValue,
  BLKSECTGET: outNum(2, false), BLKROTATIONAL: outNum(2, false),
  BLKROGET: outNum(4, true), BLKBSZGET: outNum(4, true), BLKSSZGET: outNum(4, true), BLKALIGNOFF: outNum(4, true),
  BLKROSET: inNum(4, true), BLKBSZSET: inNum(4, true),
  BLKPBSZGET: outNum(4, false), BLKIOMIN: outNum(4, false), BLKIOOPT: outNum(4, false),
  BLKDISCARDZEROES: outNum(4, false), BLKGETZONESZ: outNum(4, false), BLKGETNRZONES: outNum(4, false),
  BLKRAGET: outNum(8, true), BLKFRAGET: outNum(8, true),
  BLKGETSIZE: outNum(8, false), BLKGETSIZE64: outNum(8, false), BLKGETDISKSEQ: outNum(8, false),
  BLKDISCARD: { in: pair }, BLKSECDISCARD: { in: pair }, BLKZEROOUT: { in: pair },
  BLKPG: { in: blkpg },
  BLKTRACESETUP: traceSetup,
  BLKRRPART: NONE, BLKFLSBUF: NONE, BLKTRACESTART: NONE, BLKTRACESTOP: NONE, BLKTRACETEARDOWN: NONE,
};
