// ioctl requests of small device families, as strace's watchdog_ioctl, nbd_ioctl, inotify_ioctl and random_ioctl
// print them: an int in or out, a plain number, an fd, the NBD export flags, the entropy pool's buffer.
import { int, ptr, type Value } from '../../model/value.js';
import { fdValue } from '../args/fds.js';
import { byteBuffer } from '../args/strings.js';
import type { CallContext } from '../context.js';
import type { Shape } from './ioctl-shape.js';
import { flagsOf, indirect, readInt, view } from './util.js';

/** struct rand_pool_info (include/uapi/linux/random.h): entropy_count, buf_size, then the buffer at 8. */
const RAND_POOL = { size: 8, count: 0, bufSize: 4, buf: 8 } as const;

function randPool(c: CallContext, a: bigint): Value {
  const v = view(c, a, RAND_POOL.size);
  if (!v) return ptr(a);
  const size = v.getInt32(RAND_POOL.bufSize, true);
  return {
    k: 'struct',
    fields: [
      ['entropy_count', int(v.getInt32(RAND_POOL.count, true))],
      ['buf_size', int(size)],
      ['buf', byteBuffer(c, a + BigInt(RAND_POOL.buf), size >>> 0)],
    ],
  };
}

const NO_ARG: Shape = { none: true };
const OUT_INT: Shape = { out: (c, a) => indirect(c, a, 4, readInt) };
const IN_INT: Shape = { in: (c, a) => indirect(c, a, 4, readInt) };
const UNSIGNED: Shape = { in: (_c, a) => int(a) };

// biome-ignore format: one request per line
export const DEVICE_SHAPES: Readonly<Record<string, Shape>> = {
  // watchdog: KEEPALIVE takes an int by the header, but the argument is ignored
  WDIOC_GETSTATUS: OUT_INT, WDIOC_GETBOOTSTATUS: OUT_INT, WDIOC_GETTEMP: OUT_INT, WDIOC_GETTIMEOUT: OUT_INT,
  WDIOC_GETPRETIMEOUT: OUT_INT, WDIOC_GETTIMELEFT: OUT_INT,
  WDIOC_SETTIMEOUT: IN_INT, WDIOC_SETPRETIMEOUT: IN_INT,
  WDIOC_KEEPALIVE: NO_ARG,
  // network block device
  NBD_DISCONNECT: NO_ARG, NBD_CLEAR_SOCK: NO_ARG, NBD_DO_IT: NO_ARG, NBD_CLEAR_QUE: NO_ARG, NBD_PRINT_DEBUG: NO_ARG,
  NBD_SET_SOCK: { in: (c, a) => fdValue(c, Number(BigInt.asIntN(32, a))) },
  NBD_SET_BLKSIZE: UNSIGNED, NBD_SET_SIZE: UNSIGNED, NBD_SET_SIZE_BLOCKS: UNSIGNED, NBD_SET_TIMEOUT: UNSIGNED,
  NBD_SET_FLAGS: { in: (_c, a) => flagsOf('nbd_ioctl_flags', a) },
  // inotify: the next watch descriptor, an int in the argument itself
  INOTIFY_IOC_SETNEXTWD: { in: (_c, a) => int(Number(BigInt.asIntN(32, a))) },
  // the entropy pool
  RNDADDENTROPY: { in: randPool },
};
