// `-o '|COMMAND'`: the trace is written into a shell command's stdin, as strace does.

import { VatError } from '../errors.js';
import { allocNative, lastErrno, libc } from '../sys/libc.js';
import { addOwnChild } from '../sys/own-children.js';
import { errnoByName, errnoByValue } from '../tables/errnos.js';
import { XLAT } from '../tables/generated/xlat.js';

/** The pipe must not leak into tracees: O_CLOEXEC from the kernel's fcntl.h (via the open_flags table). */
const O_CLOEXEC = XLAT.open_flags.values.find(([name]) => name === 'O_CLOEXEC')?.[1] ?? 0;

export interface PipeOutput {
  readonly fd: number;
  readonly pid: number;
}

/** Starts `sh -c COMMAND` reading from a close-on-exec pipe; the write end is returned. */
export function openPipeOutput(command: string): PipeOutput {
  const fds = [0, 0];
  if (libc.pipe2(fds, O_CLOEXEC) !== 0)
    throw new VatError(`pipe: ${errnoByValue(lastErrno())?.message ?? 'error'}`, 'EPIPEOUT');
  const [readEnd, writeEnd] = fds as [number, number];
  const actions = allocNative(256);
  libc.spawnActionsInit(actions.address);
  try {
    libc.spawnActionsAddDup2(actions.address, readEnd, 0);
    for (const fd of [1, 2]) libc.spawnActionsAddDup2(actions.address, fd, fd);
    const env = Object.entries(process.env).map(([k, v]) => `${k}=${v}`);
    const pid = [0];
    const rc = libc.posixSpawn(
      pid,
      '/bin/sh',
      actions.address,
      0,
      ['sh', '-c', command, null],
      [...env, null],
    );
    if (rc !== 0)
      throw new VatError(`can't run '${command}': ${errnoByValue(rc)?.message ?? rc}`, 'EPIPEOUT');
    addOwnChild(pid[0] as number);
    return { fd: writeEnd, pid: pid[0] as number };
  } finally {
    libc.spawnActionsDestroy(actions.address);
    libc.closeFd(readEnd);
  }
}

/** Waits for the pipe command to finish (it may already have been reaped by the tracer's wait loop). */
export function waitForExit(pid: number): void {
  const status = allocNative(8);
  while (libc.waitpid(pid, status.address, 0) < 0 && lastErrno() === EINTR) {}
}

const EINTR = errnoByName('EINTR')?.value ?? -1;

export const closePipe = (fd: number): void => {
  libc.closeFd(fd);
};
