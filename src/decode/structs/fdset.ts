// select/pselect6's fd_set arguments (strace's decode_select): `[3 4]` at entry, each fd with its -y path, and
// at exit the result detail `(in [3], left {tv_sec=0, tv_usec=999})` or `(Timeout)`.

import { ptr, text, type Value } from '../../model/value.js';
import { hexText, valueText } from '../../model/value-text.js';
import { fdValue } from '../args/fds.js';
import { asInt, type CallContext } from '../context.js';
import { readView } from './read.js';
import type { StructDecoder } from './struct-decoder.js';
import { timespecAt, timevalAt } from './time.js';

/** strace's cap on nfds (select(2^31-1, ...) would otherwise read 256 MiB). */
const MAX_NFDS = 1024 * 1024;
/** The three sets are arguments 1-3; the timeout is argument 4. */
const SETS = ['in', 'out', 'except'] as const;
const TIMEOUT_ARG = 4;
/** strace's 1024-byte detail buffer, less room for `, except [` + an int + `]`. */
const DETAIL_END = 1024 - (11 + 4 + 2);

/** nfds as strace uses it: the int, negative as 0, capped. */
const nfdsOf = (c: CallContext): number => Math.min(Math.max(asInt(c.raw[0]), 0), MAX_NFDS);
/** Bytes of one set: nfds bits rounded up to whole longs. */
const setBytes = (nfds: number): number => (Math.ceil(nfds / 8) + 7) & ~7;

/** The fds set in the fd_set at `addr` among the first nfds, or undefined when it cannot be read. */
function setBits(c: CallContext, addr: bigint, nfds: number): number[] | undefined {
  const size = setBytes(nfds);
  if (size === 0 || addr === 0n) return undefined;
  const v = readView(c, addr, size);
  if (!v) return undefined;
  const fds: number[] = [];
  for (let fd = 0; fd < nfds; fd++) if ((v.getUint8(fd >> 3) >> (fd & 7)) & 1) fds.push(fd);
  return fds;
}

const fdset = (c: CallContext, addr: bigint): Value => {
  const fds = setBits(c, addr, nfdsOf(c));
  if (!fds) return ptr(addr);
  return text(`[${fds.map((fd) => valueText(fdValue(c, fd), c.opts)).join(' ')}]`);
};

/** The timeout left, as select (timeval) or pselect6 (timespec) prints it. */
function leftText(c: CallContext): string | undefined {
  const addr = BigInt.asUintN(64, c.raw[TIMEOUT_ARG] ?? 0n);
  if (addr === 0n) return undefined;
  const v = c.name === 'select' ? timevalAt(c, addr) : timespecAt(c, addr);
  return v.k === 'ptr' ? hexText(v.v) : valueText(v, c.opts);
}

/** strace's exiting half of decode_select, quirks included (a `]` per set once anything was printed). */
function selectDetail(c: CallContext): string | undefined {
  if (c.failed) return undefined;
  let ready = Number(BigInt.asIntN(32, c.ret ?? 0n));
  if (ready === 0) return 'Timeout';
  const nfds = nfdsOf(c);
  let out = '';
  let sep = '';
  for (let i = 0; i < SETS.length && ready > 0; i++) {
    const fds = setBits(c, BigInt.asUintN(64, c.raw[i + 1] ?? 0n), nfds);
    if (!fds) continue;
    let first = true;
    for (const fd of fds) {
      if (out.length < DETAIL_END) {
        out += first ? `${sep}${SETS[i]} [${fd}` : ` ${fd}`;
        if (first) sep = ', ';
        first = false;
      }
      if (--ready === 0) break;
    }
    if (out !== '') out += ']';
  }
  const left = leftText(c);
  if (left !== undefined && out.length + 6 + sep.length + left.length < 1024) out += `${sep}left ${left}`;
  return out;
}

/** `fd_set`: printed at entry; the first of the three sets adds the result detail at exit. */
const fdsetDecoder: StructDecoder = Object.assign(fdset, {
  atExit: (c: CallContext, _addr: bigint, index: number): void => {
    if (index !== 1) return;
    const detail = selectDetail(c);
    if (detail !== undefined) c.retDetail = detail;
  },
});

export const FDSET_STRUCTS = { fd_set: fdsetDecoder } as const;
