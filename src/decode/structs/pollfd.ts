// poll/ppoll's struct pollfd array (src/poll.c): `[{fd=3, events=POLLIN}]` at entry, and at exit the result
// detail `1 ([{fd=3, revents=POLLIN}])`, `0 (Timeout)`, ppoll's `left {tv_sec=0, tv_nsec=999000}`.

import { sym, type Value } from '../../model/value.js';
import { hexText, valueText } from '../../model/value-text.js';
import { fdValue } from '../args/fds.js';
import { asUint, type CallContext } from '../context.js';
import { arrayLimit, memArray } from './array.js';
import { xlatText } from './read.js';
import type { StructDecoder } from './struct-decoder.js';
import { timespecAt } from './time.js';

/** struct pollfd (include/uapi/asm-generic/poll.h): fd int @0, events short @4, revents short @6. */
const POLLFD = { size: 8, fd: 0, events: 4, revents: 6 } as const;
/** strace builds the detail in a 1024-byte buffer and stops with `...` before it would overflow. */
const DETAIL_MAX = 1024 - (2 + 16 + 9);

/** strace's pathtrace reads at most this many pollfds. */
const PATH_TRACE_MAX = 1024 * 1024;

/** -P: the fds of the pollfds after the `printed` ones, which the printed array leaves out. */
function fdsAfter(c: CallContext, addr: bigint, printed: number, nfds: number): number[] {
  const fds: number[] = [];
  const end = Math.min(nfds, PATH_TRACE_MAX);
  for (let i = printed; i < end; ) {
    const n = Math.min(end - i, 4096);
    const bytes = c.mem.read(addr + BigInt(i * POLLFD.size), n * POLLFD.size);
    if (!bytes) break;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const got = Math.floor(bytes.length / POLLFD.size);
    for (let j = 0; j < got; j++) fds.push(v.getInt32(j * POLLFD.size + POLLFD.fd, true));
    if (got < n) break;
    i += n;
  }
  return fds;
}

function pollfd(c: CallContext, addr: bigint, index: number): Value {
  const value = pollfdArray(c, addr, index);
  if (!c.opts.pathTrace || value.k !== 'array' || !value.more) return value;
  return { ...value, cutFds: fdsAfter(c, addr, value.items.length, asUint(c.raw[index + 1])) };
}

const pollfdArray = (c: CallContext, addr: bigint, index: number): Value =>
  memArray(c, addr, asUint(c.raw[index + 1]), POLLFD.size, (v, off) => {
    const fd = v.getInt32(off + POLLFD.fd, true);
    if (fd < 0) return { k: 'struct', fields: [['fd', fdValue(c, fd)]] };
    const events = sym(xlatText('poll_events', v.getUint16(off + POLLFD.events, true), 'flags'));
    return {
      k: 'struct',
      fields: [
        ['fd', fdValue(c, fd)],
        ['events', events],
      ],
    };
  });

/** strace's decode_poll_exiting: the ready fds and their revents, then ppoll's remaining time. */
function pollDetail(c: CallContext, addr: bigint, index: number): string | undefined {
  if (c.failed) return undefined;
  if (c.ret === 0n) return 'Timeout';
  const nfds = asUint(c.raw[index + 1]);
  if (addr === 0n || nfds === 0) return undefined;
  const max = arrayLimit(c);
  let out = '';
  let printed = 0;
  const bytes = c.mem.read(addr, nfds * POLLFD.size);
  const got = bytes ? Math.floor(bytes.length / POLLFD.size) : 0;
  for (let i = 0; i < nfds; i++) {
    if (i >= got || !bytes) {
      out += `${out === '' ? '[' : ', '}${hexText(addr + BigInt(i * POLLFD.size))}`;
      break;
    }
    const v = new DataView(bytes.buffer, bytes.byteOffset + i * POLLFD.size, POLLFD.size);
    const revents = v.getUint16(POLLFD.revents, true);
    if (revents === 0) continue;
    out += out === '' ? '[' : ', ';
    if (printed >= max) {
      out += '...';
      break;
    }
    const piece = `{fd=${v.getInt32(POLLFD.fd, true)}, revents=${xlatText('poll_events', revents, 'flags')}`;
    if (out.length + piece.length + 1 >= DETAIL_MAX) {
      out += '...';
      break;
    }
    out += `${piece}}`;
    printed++;
  }
  if (out !== '') out += ']';
  const tmo = c.name === 'ppoll' ? BigInt.asUintN(64, c.raw[index + 2] ?? 0n) : 0n;
  if (tmo !== 0n) {
    const left = valueText(timespecAt(c, tmo), c.opts);
    out += out.length + 8 + left.length < 1024 ? `${out === '' ? 'left ' : ', left '}${left}` : ', ...';
  }
  return out === '' ? undefined : out;
}

/** `pollfd`: printed at entry; sets the result detail at exit. */
const pollfdDecoder: StructDecoder = Object.assign(pollfd, {
  atExit: (c: CallContext, addr: bigint, index: number): void => {
    const detail = pollDetail(c, addr, index);
    if (detail !== undefined) c.retDetail = detail;
  },
});

export const POLLFD_STRUCTS = { pollfd: pollfdDecoder } as const;
