// File-descriptor arguments: the number, with its path under -y; AT_FDCWD for directory fds.

import { quoteFdPath } from '../../model/quote.js';
import { sym, type Value } from '../../model/value.js';
import { deviceOf } from '../../sys/device.js';
import { procCwd, procFdDeleted, procFile, procPath } from '../../sys/procfs.js';
import { type ArgDecoder, asInt, type CallContext } from '../context.js';
import type { FdDetail } from '../options.js';
import { styled } from '../xlat.js';
import { fileContextText, secontextWarning } from './secontext.js';
import { socketDetails } from './socket-details.js';

/** AT_FDCWD from the kernel's fcntl.h (-100); kept beside its only reader. */
export const AT_FDCWD = -100;

/** -yy's device numbers after a device's path: `/dev/null<char 1:3>` (strace's printdev), the path quoted. */
function deviceText(path: string, xflag: 0 | 1 | 2 | 3): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const dev = deviceOf(path);
  return dev && `${quoteFdPath(path, xflag)}<${dev.kind} ${dev.major}:${dev.minor}>`;
}

/** -yy's process behind a pidfd: `pid:1234`, from the fd's fdinfo (strace's printpidfd). */
function pidfdText(pid: number, fd: number, path: string): string | undefined {
  if (path !== 'anon_inode:[pidfd]') return undefined;
  const m = /^Pid:\s*(-?\d+)$/m.exec(procFile(pid, `fdinfo/${fd}`, 'latin1') ?? '');
  return m?.[1] !== undefined && Number(m[1]) > 0 ? `pid:${m[1]}` : undefined;
}

/** A pidfd whose process is gone (fdinfo's `Pid: -1`): strace's printpidfd prints the path, even without `path`. */
const pidfdPath = (path: string): string | undefined => (path === 'anon_inode:[pidfd]' ? path : undefined);

/** What -yy shows instead of the path: socket details, a device's numbers, a pidfd's process. */
const detailsOf = (ctx: CallContext, fd: number, path: string): string | undefined =>
  socketDetails(ctx.pid, path, ctx.opts.xflag) ??
  deviceText(path, ctx.opts.xflag) ??
  pidfdText(ctx.pid, fd, path);

/** The fd with its path; the kernel's ` (deleted)` suffix becomes the mark strace prints after the brackets. */
function withPath(ctx: CallContext, fd: number, link: string, detail: string | undefined): Value {
  const { path, deleted } = ctx.fdDeleted?.(fd, link) ?? procFdDeleted(ctx.pid, fd, link);
  if (detail !== undefined) return { k: 'fd', fd, path, detail };
  return deleted ? { k: 'fd', fd, path, deleted } : { k: 'fd', fd, path };
}

/** -e decode-fds=SET: only the details asked for; a kind that does not apply leaves the fd bare. */
function selectedDetails(ctx: CallContext, fd: number, kinds: readonly FdDetail[]): Value {
  const path = ctx.fdPath(fd);
  if (path === undefined) return { k: 'fd', fd };
  const detail =
    (kinds.includes('socket') ? socketDetails(ctx.pid, path, ctx.opts.xflag) : undefined) ??
    (kinds.includes('dev') ? deviceText(path, ctx.opts.xflag) : undefined) ??
    (kinds.includes('pidfd') ? (pidfdText(ctx.pid, fd, path) ?? pidfdPath(path)) : undefined);
  if (detail !== undefined) return withPath(ctx, fd, path, detail);
  return kinds.includes('path') ? withPath(ctx, fd, path, undefined) : { k: 'fd', fd };
}

/** An fd as -y/-e decode-fds show it; with --secontext its file's SELinux context follows (` [type]`). */
export function fdValue(ctx: CallContext, fd: number): Value {
  const v = fdShown(ctx, fd);
  const o = ctx.opts.secontext;
  if (!o || fd < 0 || v.k !== 'fd') return v;
  const secontext = fileContextText(procPath(ctx.pid, `fd/${fd}`), o, ctx.opts.xflag, secontextWarning);
  return secontext === undefined ? v : { ...v, secontext };
}

function fdShown(ctx: CallContext, fd: number): Value {
  const kinds = ctx.opts.fdDetails;
  if (kinds && fd >= 0) return kinds.length > 0 ? selectedDetails(ctx, fd, kinds) : { k: 'fd', fd };
  if (ctx.opts.yflag > 0 && fd >= 0) {
    const path = ctx.fdPath(fd);
    if (path === undefined) return { k: 'fd', fd };
    return withPath(ctx, fd, path, ctx.opts.yflag > 1 ? detailsOf(ctx, fd, path) : undefined);
  }
  return { k: 'fd', fd };
}

/** A directory fd as strace's print_dirfd shows it: AT_FDCWD, under -y followed by the working directory. */
export function dirfdValue(c: CallContext, fd: number): Value {
  if (fd !== AT_FDCWD) return fdValue(c, fd);
  // -y: strace follows AT_FDCWD with the working directory, AT_FDCWD</home/me>
  const paths = c.opts.fdDetails ? c.opts.fdDetails.includes('path') : c.opts.yflag > 0;
  const cwd = paths ? (c.cwdPath ? c.cwdPath() : procCwd(c.pid)) : undefined;
  const name = styled('-100', 'AT_FDCWD');
  return cwd === undefined ? sym(name) : sym(`${name}<${quoteFdPath(cwd, c.opts.xflag)}>`);
}

export const FD_DECODERS = {
  fd: { phase: 'entry', decode: (c, i) => fdValue(c, asInt(c.raw[i])) },
  dirfd: { phase: 'entry', decode: (c, i) => dirfdValue(c, asInt(c.raw[i])) },
} as const satisfies Record<string, ArgDecoder>;
