// ioctl requests of the real-time clock (linux/rtc.h, type 'p'), as strace's rtc_ioctl prints them: rtc_time
// (abbreviated unless -v), the wake alarm, the PLL info, the voltage-low flags and RTC_PARAM_GET/SET's parameter.
import { hex, int, ptr, sym, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { bitNumberFlags, type Layout, outStruct, readLayout, type Shape } from './ioctl-shape.js';
import { enumOf, flagsOf, indirect, nameOf, readU64, view } from './util.js';

/** struct rtc_time (include/uapi/linux/rtc.h): nine ints; strace shows the first six then `...` unless -v. */
const RTC_TIME_NAMES = [
  'tm_sec',
  'tm_min',
  'tm_hour',
  'tm_mday',
  'tm_mon',
  'tm_year',
  'tm_wday',
  'tm_yday',
  'tm_isdst',
];
const RTC_TIME_SIZE = 36;
function rtcTime(c: CallContext, v: DataView, off: number): Value {
  const shown = c.opts.verbose ? RTC_TIME_NAMES : RTC_TIME_NAMES.slice(0, 6);
  return {
    k: 'struct',
    fields: shown.map((n, i) => [n, int(v.getInt32(off + 4 * i, true))] as const),
    more: !c.opts.verbose,
  };
}
const readTime = (c: CallContext, a: bigint): Value => {
  const v = view(c, a, RTC_TIME_SIZE);
  return v ? rtcTime(c, v, 0) : ptr(a);
};

/** struct rtc_wkalrm (include/uapi/linux/rtc.h): enabled and pending (u8), then the rtc_time at 4. */
const readWkalrm = (c: CallContext, a: bigint): Value => {
  const v = view(c, a, 4 + RTC_TIME_SIZE);
  if (!v) return ptr(a);
  return {
    k: 'struct',
    fields: [
      ['enabled', int(v.getUint8(0))],
      ['pending', int(v.getUint8(1))],
      ['time', rtcTime(c, v, 4)],
    ],
  };
};

/** struct rtc_pll_info (include/uapi/linux/rtc.h): six ints, then a long at 24. */
const RTC_PLL_INFO: Layout = {
  size: 32,
  fields: [
    ['pll_ctrl', 0, 'i32'],
    ['pll_value', 4, 'i32'],
    ['pll_max', 8, 'i32'],
    ['pll_min', 12, 'i32'],
    ['pll_posmult', 16, 'i32'],
    ['pll_negmult', 20, 'i32'],
    ['pll_clock', 24, 'i64'],
  ],
};

/** struct rtc_param (include/uapi/linux/rtc.h): param, a u64 union, index, and padding strace shows when set. */
const RTC_PARAM = { size: 24, param: 0, value: 8, index: 16, pad: 20 } as const;
const features = bitNumberFlags('rtc_features', '<<', '1<<RTC_FEATURE_???');

/** The union by parameter: the feature bits, the signed correction, the backup switch mode, else hex. */
function paramValue(v: DataView): [string, Value] {
  const value = v.getBigUint64(RTC_PARAM.value, true);
  const param = v.getBigUint64(RTC_PARAM.param, true);
  switch (nameOf('rtc_params', param)) {
    case 'RTC_PARAM_FEATURES':
      return ['uvalue', sym(features(value))];
    case 'RTC_PARAM_CORRECTION':
      return ['svalue', int(BigInt.asIntN(64, value))];
    case 'RTC_PARAM_BACKUP_SWITCH_MODE':
      return ['uvalue', enumOf('rtc_backup_switch_modes', value)];
  }
  return ['uvalue', hex(value)];
}

function paramStruct(v: DataView, head: boolean, value: boolean): Value {
  const fields: [string, Value][] = [];
  if (head) fields.push(['param', enumOf('rtc_params', v.getBigUint64(RTC_PARAM.param, true))]);
  if (value) fields.push(paramValue(v));
  if (head) fields.push(['index', int(v.getUint32(RTC_PARAM.index, true))]);
  const pad = v.getUint32(RTC_PARAM.pad, true);
  if (pad) fields.push(['__pad', hex(pad)]);
  return { k: 'struct', fields };
}

const paramIn =
  (value: boolean) =>
  (c: CallContext, a: bigint): Value => {
    const v = view(c, a, RTC_PARAM.size);
    return v ? paramStruct(v, true, value) : ptr(a);
  };

const NO_ARG: Shape = { none: true };
const IN_TIME: Shape = { in: readTime };
const OUT_TIME: Shape = { out: readTime };
const IN_ULONG: Shape = { in: (_c, a) => int(a) };
const OUT_ULONG: Shape = { out: (c, a) => indirect(c, a, 8, readU64) };

// biome-ignore format: one request per line
export const RTC_SHAPES: Readonly<Record<string, Shape>> = {
  RTC_ALM_READ: OUT_TIME, RTC_RD_TIME: OUT_TIME,
  RTC_ALM_SET: IN_TIME, RTC_SET_TIME: IN_TIME,
  RTC_IRQP_SET: IN_ULONG, RTC_EPOCH_SET: IN_ULONG,
  RTC_IRQP_READ: OUT_ULONG, RTC_EPOCH_READ: OUT_ULONG,
  RTC_WKALM_RD: { out: readWkalrm },
  RTC_WKALM_SET: { in: readWkalrm },
  RTC_PLL_GET: outStruct(RTC_PLL_INFO),
  RTC_PLL_SET: { in: (c, a) => readLayout(c, a, RTC_PLL_INFO) },
  RTC_VL_READ: { out: (c, a) => indirect(c, a, 4, (v) => flagsOf('rtc_vl_flags', v.getUint32(0, true))) },
  // GET: the parameter asked at entry, the value (or the address after a failure) at exit
  RTC_PARAM_GET: {
    changes: {
      in: paramIn(false),
      out: (c, a) => {
        const v = c.failed ? undefined : view(c, a, RTC_PARAM.size);
        return v ? paramStruct(v, false, true) : ptr(a);
      },
      failedToo: () => true,
    },
  },
  RTC_PARAM_SET: { in: paramIn(true) },
  RTC_AIE_ON: NO_ARG, RTC_AIE_OFF: NO_ARG, RTC_UIE_ON: NO_ARG, RTC_UIE_OFF: NO_ARG, RTC_PIE_ON: NO_ARG,
  RTC_PIE_OFF: NO_ARG, RTC_WIE_ON: NO_ARG, RTC_WIE_OFF: NO_ARG, RTC_VL_CLR: NO_ARG,
};
