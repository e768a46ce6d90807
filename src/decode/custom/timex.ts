// adjtimex and clock_adjtime: struct timex at exit (the address when the call failed, as strace), and the clock
// state after the result (`= 5 (TIME_ERROR)`).
import type { Value } from '../../model/value.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { layout } from './gen-layout.js';
import { readLayout } from './ioctl-shape.js';
import { nameOf } from './util.js';

const TIMEVAL = layout('__kernel_timex_timeval', ['tv_sec', ['tv_usec', 'u64']]);
// biome-ignore format: strace's field order
const TIMEX = layout('__kernel_timex', [
  ['modes', { flags: 'adjtimex_modes', t: 'u32' }],
  'offset', 'freq', 'maxerror', 'esterror',
  ['status', { flags: 'adjtimex_status', t: 'u32' }],
  'constant', 'precision', 'tolerance',
  ['time', { struct: TIMEVAL }],
  'tick', 'ppsfreq', 'jitter', 'shift', 'stabil', 'jitcnt', 'calcnt', 'errcnt', 'stbcnt', 'tai',
]);

/** The struct the kernel filled; a successful call's result is named by adjtimex_state when it has a name. */
const timex: StructDecoder = (c, addr): Value => {
  const v = readLayout(c, addr, TIMEX);
  if (v.k === 'struct' && !c.failed && c.ret !== undefined) {
    const state = nameOf('adjtimex_state', c.ret);
    if (state) c.retDetail = state;
  }
  return v;
};

export const TIMEX_STRUCTS = { timex } as const satisfies Record<string, StructDecoder>;
