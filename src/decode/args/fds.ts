// File-descriptor arguments: the number, with its path under -y; AT_FDCWD for directory fds.
import { sym, type Value } from '../../model/value.js';
import { type ArgDecoder, asInt, type CallContext } from '../context.js';

/** AT_FDCWD from the kernel's fcntl.h (-100); kept beside its only reader. */
const AT_FDCWD = -100;

export function fdValue(ctx: CallContext, fd: number): Value {
  if (ctx.opts.yflag > 0 && fd >= 0) {
    const path = ctx.fdPath(fd);
    if (path !== undefined) return { k: 'fd', fd, path };
  }
  return { k: 'fd', fd };
}

export const FD_DECODERS = {
  fd: { phase: 'entry', decode: (c, i) => fdValue(c, asInt(c.raw[i])) },
  dirfd: {
    phase: 'entry',
    decode: (c, i) => {
      const fd = asInt(c.raw[i]);
      return fd === AT_FDCWD ? sym('AT_FDCWD') : fdValue(c, fd);
    },
  },
} as const satisfies Record<string, ArgDecoder>;
