// libuv makes a pipe or socket on stdout/stderr non-blocking when Node wraps it, and that flag lives on the
// open file description the traced command inherits (its F_GETFL shows O_NONBLOCK, its writes can fail
// EAGAIN). Put fds 1 and 2 back in the mode vat found them in, once Node's streams exist.
import { procFdLink, procFile } from '../sys/procfs.js';

const O_NONBLOCK = 0o4000;

/** The fd's file status flags from /proc (no FFI needed), or undefined when it is closed. */
function statusFlags(fd: number): number | undefined {
  const flags = /^flags:\s*([0-7]+)/m.exec(procFile('self', `fdinfo/${fd}`) ?? '')?.[1];
  return flags === undefined ? undefined : Number.parseInt(flags, 8);
}

type Blockable = { _handle?: { setBlocking?: (on: boolean) => number } };

/** A pipe or a socket: the only fds whose stream (net.Socket) makes libuv set O_NONBLOCK. */
const pipeOrSocket = (fd: number): boolean => /^(pipe|socket):/.test(procFdLink('self', fd) ?? '');

/**
 * Call before anything else touches process.stdout/stderr: creates the stream of a pipe or socket now (one created
 * later would set the flag again mid-trace) and, where the fd was blocking, makes libuv write it blocking (as
 * strace writes), which clears O_NONBLOCK on the shared description. A tty is reopened by libuv and a file's or
 * device's stream leaves the flags alone: those are created when first used, and a trace that never writes them
 * loads none of Node's stream modules (~15 M instructions of a start-up, callgrind).
 */
export function keepStdioModes(): void {
  const before = [1, 2].map((fd) => (pipeOrSocket(fd) ? statusFlags(fd) : undefined));
  const streams = before.map((was, i) =>
    was === undefined ? undefined : i === 0 ? process.stdout : process.stderr,
  );
  streams.forEach((stream, i) => {
    const was = before[i];
    const fd = i + 1;
    if (stream === undefined || was === undefined || (was & O_NONBLOCK) !== 0) return;
    if (((statusFlags(fd) ?? 0) & O_NONBLOCK) === 0) return;
    (stream as unknown as Blockable)._handle?.setBlocking?.(true);
  });
}
