// The int[2] that pipe, pipe2 and socketpair fill: `[3, 4]`, each fd with its path under -y. strace reads it at
// exit with tfetch_mem, which fetches nothing from a failed call: then the address.
import { ptr } from '../../model/value.js';
import { type ArgDecoder, asUint, type CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { readView } from '../structs/read.js';
import { fdValue } from './fds.js';
import { noteSocket } from './socket-details.js';

/** SOCK_STREAM (include/linux/net.h) and the type bits (SOCK_TYPE_MASK). */
const SOCK_STREAM = 1;
const SOCK_TYPE_MASK = 0xf;

/** Under -yy, a socketpair's two sockets are each other's peer (strace shows `UNIX-STREAM:[A->B]`). */
function notePair(c: CallContext, i: number): void {
  if (c.name !== 'socketpair' || c.opts.yflag < 2 || c.failed) return;
  const v = readView(c, BigInt.asUintN(64, c.raw[i] ?? 0n), 8);
  if (!v) return;
  const [a, b] = [c.fdPath(v.getInt32(0, true)), c.fdPath(v.getInt32(4, true))];
  const proto = (asUint(c.raw[1]) & SOCK_TYPE_MASK) === SOCK_STREAM ? 'UNIX-STREAM' : 'UNIX';
  noteSocket(a, proto, { peerPath: b });
  noteSocket(b, proto, { peerPath: a });
}

export const FDPAIR_DECODERS = {
  fdpair: {
    phase: 'exit',
    decode: (c, i) => {
      const addr = BigInt.asUintN(64, c.raw[i] ?? 0n);
      if (c.failed) return ptr(addr);
      return memArray(c, addr, 2, 4, (v, off) => fdValue(c, v.getInt32(off, true)));
    },
    atExit: notePair,
  },
} as const satisfies Record<string, ArgDecoder>;
