// ioctl requests of small device families, as strace's watchdog_ioctl, nbd_ioctl, inotify_ioctl, random_ioctl and
// lirc_ioctl print them: an int in or out, a plain number, an fd, the NBD export flags, the entropy pool's buffer,
// the infrared device's features, modes and values.
import { int, ptr, type Value } from '../../model/value.js';
import { fdValue } from '../args/fds.js';
import { byteBuffer } from '../args/strings.js';
import type { CallContext } from '../context.js';
import type { Shape } from './ioctl-shape.js';
import { enumOf, flagsOf, indirect, readInt, readUint, view, xval } from './util.js';

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

/** LIRC: one unsigned int, read at exit for GET requests and at entry for SET requests. */
const u32Shape = (dir: 'in' | 'out', show: (v: DataView) => Value): Shape => {
  const print = (c: CallContext, a: bigint): Value => indirect(c, a, 4, show);
  return dir === 'in' ? { in: print } : { out: print };
};
const lircMode = (v: DataView): Value => enumOf('lirc_modes', v.getUint32(0, true));

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
  // infrared remote control
  LIRC_GET_FEATURES: u32Shape('out', (v) => flagsOf('lirc_features', v.getUint32(0, true))),
  LIRC_GET_SEND_MODE: u32Shape('out', lircMode), LIRC_GET_REC_MODE: u32Shape('out', lircMode),
  LIRC_SET_SEND_MODE: u32Shape('in', lircMode), LIRC_SET_REC_MODE: u32Shape('in', lircMode),
  LIRC_GET_REC_RESOLUTION: u32Shape('out', readUint), LIRC_GET_MIN_TIMEOUT: u32Shape('out', readUint),
  LIRC_GET_MAX_TIMEOUT: u32Shape('out', readUint), LIRC_GET_LENGTH: u32Shape('out', readUint),
  LIRC_GET_REC_TIMEOUT: u32Shape('out', readUint),
  LIRC_SET_TRANSMITTER_MASK: u32Shape('in', (v) => xval(v.getUint32(0, true))),
  LIRC_SET_SEND_CARRIER: u32Shape('in', readUint), LIRC_SET_REC_CARRIER: u32Shape('in', readUint),
  LIRC_SET_SEND_DUTY_CYCLE: u32Shape('in', readUint), LIRC_SET_REC_TIMEOUT: u32Shape('in', readUint),
  LIRC_SET_REC_TIMEOUT_REPORTS: u32Shape('in', readUint), LIRC_SET_MEASURE_CARRIER_MODE: u32Shape('in', readUint),
  LIRC_SET_REC_CARRIER_RANGE: u32Shape('in', readUint), LIRC_SET_WIDEBAND_RECEIVER: u32Shape('in', readUint),
};
