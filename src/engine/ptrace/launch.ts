// Starting a command under ptrace without child_process: a shell that stops itself, then execs what vat says.
import { accessSync, constants, fstatSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { VatError } from '../../errors.js';
import { errnoByName, errnoByValue } from '../../tables/errnos.js';
import { allocNative, lastErrno, libc } from './libc.js';

/** The launcher: stops itself so vat can seize it, then execs "$0"; vat rewrites that execve's arguments. */
const LAUNCHER = ['/bin/sh', '-c', 'kill -STOP $$; exec "$0"'];

/** Resolves a command name as strace does: a name with a slash as is, otherwise the first executable on PATH. */
export function resolveCommand(
  name: string,
  path = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
): string {
  const cantStat = (code: string): VatError =>
    new VatError(`Can't stat '${name}': ${errnoByName(code)?.message ?? code}`, 'ENOCMD');
  if (name.includes('/')) {
    try {
      statSync(name);
    } catch (err) {
      throw cantStat((err as NodeJS.ErrnoException).code ?? 'ENOENT');
    }
    return name;
  }
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir || '.', name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw cantStat('ENOENT');
}

/** Spawns the stopped launcher with fds 0-2 given explicitly (Node's may be close-on-exec or closed). */
export function spawnLauncher(target: string, env: readonly string[]): number {
  const actions = allocNative(256);
  libc.spawnActionsInit(actions.address);
  try {
    for (const fd of [0, 1, 2]) {
      let open = true;
      try {
        fstatSync(fd);
      } catch {
        open = false;
      }
      // dup2(fd, fd) clears close-on-exec (POSIX 2017, glibc >= 2.29); a closed fd gets /dev/null
      if (open) libc.spawnActionsAddDup2(actions.address, fd, fd);
      else libc.spawnActionsAddOpen(actions.address, fd, '/dev/null', constants.O_RDWR, 0);
    }
    const pidOut = [0];
    const rc = libc.posixSpawn(
      pidOut,
      LAUNCHER[0] as string,
      actions.address,
      0,
      [...LAUNCHER, target, null],
      [...env, null],
    );
    if (rc !== 0) throw new VatError(`posix_spawn ${LAUNCHER[0]}: errno ${rc}`, 'ESPAWN');
    return pidOut[0] as number;
  } finally {
    libc.spawnActionsDestroy(actions.address);
  }
}

/** strerror text of the last failed libc call (or of `n`). */
export const errnoText = (n = lastErrno()): string => errnoByValue(n)?.message ?? `errno ${n}`;
