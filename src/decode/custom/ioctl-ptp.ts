// ioctl requests of a PTP hardware clock (linux/ptp_clock.h, type '='), as strace's ptp_ioctl prints them: the
// capabilities and the precise cross-timestamp at exit, the external timestamp and periodic output requests, the pin
// functions (a getter's name and function at exit), the system offset samples (n_samples at entry, the timestamps at
// exit). strace leaves all of them undecoded under -e verbose=none. The reserved words print as strace 6.1 reads
// them (caps' rsv from max_phase_adj on, the extended offset's rsv from clockid on; strace 7.2 names both fields).
import { int, NONE, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { localArray } from '../structs/array.js';
import { charArray, timeComment, withComment, xint } from '../structs/read.js';
import { currentConstStyle } from '../xlat.js';
import type { Shape, Staged } from './ioctl-shape.js';
import { derefView, enumOf, flagsOf, view, xv, xval } from './util.js';

type Fields = (readonly [string, Value])[];
const TIME = STRUCTS.ptp_clock_time;
const CAPS = STRUCTS.ptp_clock_caps;
const EXTTS = STRUCTS.ptp_extts_request;
const PEROUT = STRUCTS.ptp_perout_request;
const SYSOFF = STRUCTS.ptp_sys_offset;
const EXTENDED = STRUCTS.ptp_sys_offset_extended;
const PRECISE = STRUCTS.ptp_sys_offset_precise;
const PIN = STRUCTS.ptp_pin_desc;

const struct = (fields: Fields): Value => ({ k: 'struct', fields });
const u32At = (v: DataView, off: number): number => v.getUint32(off, true);
/** PTP_MAX_SAMPLES: the ts array of struct ptp_sys_offset holds 2 * it + 1 timestamps. */
const maxSamples = (): number => ((SYSOFF.fields.ts.count ?? 51) - 1) / 2;

/** struct ptp_clock_time: sec, nsec, reserved when set; a wall-clock time gets its date unless -X raw. */
function clockTime(v: DataView, off: number, wallClock: boolean): Value {
  const sec = v.getBigInt64(off + TIME.fields.sec.off, true);
  const nsec = u32At(v, off + TIME.fields.nsec.off);
  const reserved = u32At(v, off + TIME.fields.reserved.off);
  const t = struct([
    ['sec', int(sec)],
    ['nsec', int(nsec)],
    ...(reserved ? ([['reserved', xint(reserved)]] as Fields) : []),
  ]);
  if (!wallClock || currentConstStyle() === 'raw') return t;
  return withComment(t, timeComment(sec, BigInt(nsec), 999999999n, 9));
}

/** strace's PRINT_RSV: `rsv=[...]` in hex (cut at -s), only when a reserved word is set. */
function rsv(c: CallContext, v: DataView, off: number, count: number): Fields {
  const words = new DataView(v.buffer, v.byteOffset + off, 4 * count);
  if (!Array.from({ length: count }, (_, i) => words.getUint32(4 * i, true)).some((w) => w !== 0)) return [];
  return [['rsv', localArray(c, words, count, 4, (w, o) => xint(w.getUint32(o, true)))]];
}

/** Any PTP request: strace decodes none of them under -e verbose=none, printing the argument as a number. */
function ptpShape(s: {
  in?: (c: CallContext, a: bigint, v: DataView) => Staged;
  out?: (c: CallContext, a: bigint, entry: Staged) => Value;
  size: number;
}): Shape {
  return {
    staged: {
      in: (c, a): Staged => {
        if (c.opts.noDeref) return { value: xval(a), done: true };
        // an exit-only request reads nothing at entry
        if (!s.in) return { value: NONE };
        const v = derefView(c, a, s.size);
        return v ? s.in(c, a, v) : { value: ptr(a), done: true };
      },
      out: (c, a, entry) => (s.out ? s.out(c, a, entry) : entry.value),
    },
  };
}

/** A request printed at exit only (strace's umove_or_printaddr then: the address when the call failed). */
const atExit = (size: number, show: (v: DataView, c: CallContext) => Value): Shape =>
  ptpShape({
    size,
    out: (c, a) => {
      const v = c.failed ? undefined : derefView(c, a, size);
      return v ? show(v, c) : ptr(a);
    },
  });

/** A request printed whole at entry. */
const atEntry = (size: number, show: (v: DataView, c: CallContext) => Fields): Shape =>
  ptpShape({ size, in: (c, _a, v) => ({ value: struct(show(v, c)), done: true }) });

const caps = atExit(CAPS.size, (v, c) => {
  const names = [
    'max_adj',
    'n_alarm',
    'n_ext_ts',
    'n_per_out',
    'pps',
    'n_pins',
    'cross_timestamping',
    'adjust_phase',
  ] as const;
  const off = CAPS.fields.max_phase_adj.off;
  return struct([
    ...names.map((n): readonly [string, Value] => [n, int(v.getInt32(CAPS.fields[n].off, true))]),
    ...rsv(c, v, off, (CAPS.size - off) / 4),
  ]);
});

const extts = (two: boolean): Shape =>
  atEntry(EXTTS.size, (v, c) => [
    ['index', int(u32At(v, EXTTS.fields.index.off))],
    ['flags', flagsOf('ptp_extts_flags', u32At(v, EXTTS.fields.flags.off))],
    ...(two ? rsv(c, v, EXTTS.fields.rsv.off, EXTTS.fields.rsv.count ?? 2) : []),
  ]);

const perout = (two: boolean): Shape =>
  atEntry(PEROUT.size, (v, c) => {
    const flags = u32At(v, PEROUT.fields.flags.off);
    const phase = (flags & xv('ptp_perout_flags', 'PTP_PEROUT_PHASE')) !== 0;
    const duty = (flags & xv('ptp_perout_flags', 'PTP_PEROUT_DUTY_CYCLE')) !== 0;
    return [
      phase ? ['phase', clockTime(v, PEROUT.fields.phase.off, false)] : ['start', clockTime(v, 0, true)],
      ['period', clockTime(v, PEROUT.fields.period.off, false)],
      ['index', int(u32At(v, PEROUT.fields.index.off))],
      ['flags', flagsOf('ptp_perout_flags', flags)],
      ...(duty
        ? ([['on', clockTime(v, PEROUT.fields.on.off, false)]] as Fields)
        : two
          ? rsv(c, v, PEROUT.fields.rsv.off, PEROUT.fields.rsv.count ?? 4)
          : []),
    ];
  });

const enablePps: Shape = { in: (_c, a) => xval(a) };

/**
 * The system offset requests: n_samples (and the reserved words) at entry; at exit, after a success, the timestamps
 * (`per` of them per sample, strace's local array cut at -s), `???` when the struct has become unreadable.
 */
function sysOffset(
  size: number,
  rsvOff: number,
  rsvCount: number,
  count: (n: number) => number,
  per: number,
): Shape {
  const entryFields = (v: DataView, c: CallContext): Fields => [
    ['n_samples', int(u32At(v, SYSOFF.fields.n_samples.off))],
    ...rsv(c, v, rsvOff, rsvCount),
  ];
  const tsOff = SYSOFF.fields.ts.off;
  return ptpShape({
    size,
    in: (c, _a, v) => ({ value: struct(entryFields(v, c)) }),
    out: (c, a, entry) => {
      const fields = entry.value.k === 'struct' ? [...entry.value.fields] : [];
      if (c.failed) return struct(fields);
      const v = view(c, a, size);
      if (!v) return struct([...fields, ['ts', sym('???')]]);
      const n = count(Math.min(u32At(v, SYSOFF.fields.n_samples.off), maxSamples()));
      const sample = (sv: DataView, off: number): Value =>
        per === 1
          ? clockTime(sv, off, true)
          : {
              k: 'array',
              items: Array.from({ length: per }, (_, k) => clockTime(sv, off + k * TIME.size, true)),
            };
      const tv = new DataView(v.buffer, v.byteOffset + tsOff, size - tsOff);
      return struct([...fields, ['ts', localArray(c, tv, n, per * TIME.size, sample)]]);
    },
  });
}

/** The pin requests: index (and a v2 getter's reserved words) at entry; a getter's name, function, channel at exit. */
function pin(get: boolean, two: boolean): Shape {
  const rest = (v: DataView, c: CallContext): Fields => [
    ...(get ? ([['name', charArray(v, PIN.fields.name.off, PIN.fields.name.count ?? 64)]] as Fields) : []),
    ['func', enumOf('ptp_pin_funcs', u32At(v, PIN.fields.func.off))],
    ['chan', int(u32At(v, PIN.fields.chan.off))],
    ...(!get && two ? rsv(c, v, PIN.fields.rsv.off, PIN.fields.rsv.count ?? 5) : []),
  ];
  return ptpShape({
    size: PIN.size,
    in: (c, _a, v) => {
      const index: Fields = [['index', int(u32At(v, PIN.fields.index.off))]];
      if (!get) return { value: struct([...index, ...rest(v, c)]), done: true };
      return {
        value: struct([...index, ...(two ? rsv(c, v, PIN.fields.rsv.off, PIN.fields.rsv.count ?? 5) : [])]),
      };
    },
    out: (c, a, entry) => {
      const fields = entry.value.k === 'struct' ? [...entry.value.fields] : [];
      const v = c.failed ? undefined : view(c, a, PIN.size);
      return struct(v ? [...fields, ...rest(v, c)] : fields);
    },
  });
}

const precise = atExit(PRECISE.size, (v, c) =>
  struct([
    ['device', clockTime(v, PRECISE.fields.device.off, true)],
    ['sys_realtime', clockTime(v, PRECISE.fields.sys_realtime.off, true)],
    ['sys_monoraw', clockTime(v, PRECISE.fields.sys_monoraw.off, false)],
    ...rsv(c, v, PRECISE.fields.rsv.off, PRECISE.fields.rsv.count ?? 4),
  ]),
);

const sysOff = sysOffset(
  SYSOFF.size,
  SYSOFF.fields.rsv.off,
  SYSOFF.fields.rsv.count ?? 3,
  (n) => 2 * n + 1,
  1,
);
const extended = sysOffset(EXTENDED.size, EXTENDED.fields.clockid.off, 3, (n) => n, 3);

export const PTP_SHAPES: Readonly<Record<string, Shape>> = {
  PTP_CLOCK_GETCAPS: caps,
  PTP_CLOCK_GETCAPS2: caps,
  PTP_EXTTS_REQUEST: extts(false),
  PTP_EXTTS_REQUEST2: extts(true),
  PTP_PEROUT_REQUEST: perout(false),
  PTP_PEROUT_REQUEST2: perout(true),
  PTP_ENABLE_PPS: enablePps,
  PTP_ENABLE_PPS2: enablePps,
  PTP_SYS_OFFSET: sysOff,
  PTP_SYS_OFFSET2: sysOff,
  PTP_PIN_GETFUNC: pin(true, false),
  PTP_PIN_GETFUNC2: pin(true, true),
  PTP_PIN_SETFUNC: pin(false, false),
  PTP_PIN_SETFUNC2: pin(false, true),
  PTP_SYS_OFFSET_PRECISE: precise,
  PTP_SYS_OFFSET_PRECISE2: precise,
  PTP_SYS_OFFSET_EXTENDED: extended,
  PTP_SYS_OFFSET_EXTENDED2: extended,
};
