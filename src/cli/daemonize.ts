// -D/-DD/-DDD: vat's own process becomes the command (the shell's direct child) while a detached tracer,
// started here, traces it: as a grandchild (-D), in its own process group (-DD) or session (-DDD), as strace.
import { constants as fsConstants, fstatSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import type { TraceConfig } from '../engine/engine.js';
import { editEnvironment } from '../engine/ptrace/environment.js';
import {
  DAEMON_ENV,
  errnoText,
  inheritedSignals,
  originalEnvironment,
  spawnLauncher,
} from '../engine/ptrace/launch.js';
import { VatError } from '../errors.js';
import { allocNative, lastErrno, libc } from '../sys/libc.js';
import { ARGV0_ENV, PROG } from '../util/prog-name.js';

/** In the detached tracer: the command's pid and the -D level, from the environment the first process set. */
export function daemonRole(): { pid: number; level: number } | undefined {
  const m = /^(\d+):([123])$/.exec(process.env[DAEMON_ENV] ?? '');
  if (!m) return undefined;
  delete process.env[DAEMON_ENV];
  return { pid: Number(m[1]), level: Number(m[2]) };
}

/** The tracer leaves vat's process group (-DD) or session (-DDD); -D stays in both, as strace's grandchild. */
export function detachTracer(level: number): void {
  if (level === 2) libc.setpgid(0, 0);
  else if (level === 3) libc.setsid();
}

const EINTR = osConstants.errno.EINTR;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = fsConstants.O_NONBLOCK;
/** SIG_IGN is the handler value 1 in every C library; SIG_SETMASK is 2 in glibc. */
const SIG_IGN = 1;
const SIG_SETMASK = 2;

/**
 * Starts the tracer (a shell puts it in the background and exits: it is vat's grandchild, then init's), waits
 * until it has seized this process (its SIGUSR2), then execs the command here. Returns only on failure.
 */
export async function becomeCommand(level: number, config: TraceConfig): Promise<never> {
  const told = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 30_000);
    process.once('SIGUSR2', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  // the detached tracer keeps the name vat's messages start with (its argv[0] is node's)
  const name = PROG === 'vat' ? [] : [`${ARGV0_ENV}=${PROG}`];
  const env = [...originalEnvironment(), `${DAEMON_ENV}=${process.pid}:${level}`, ...name];
  const argv = [
    '/bin/sh',
    '-c',
    '"$@" &',
    'sh',
    process.execPath,
    ...process.execArgv,
    ...process.argv.slice(1),
  ];
  const shell = spawnLauncher('/bin/sh', env, { fds: [] }, argv, 'default');
  const status = allocNative(8);
  while (libc.waitpid(shell, status.address, 0) < 0 && lastErrno() === EINTR);
  if (!(await told)) throw new VatError('-D: the tracer did not attach', 'EDAEMON', 1);
  handOver(config.launchState?.fds ?? []);
  const path = config.commandPath ?? config.command[0] ?? '';
  const args = config.argv0 === undefined ? [...config.command] : [config.argv0, ...config.command.slice(1)];
  // the tracer rewrites this execve as it rewrites the launcher's; the same arguments in case it could not
  libc.execve(
    path,
    [...args, null],
    [...editEnvironment(originalEnvironment(), config.commandEnv ?? []), null],
  );
  throw new VatError(`exec: ${errnoText()}`, 'EEXEC', 1);
}

/** What the command must inherit as from strace: blocking stdio, the parent's fds open, SIGPIPE and SIGXFSZ default. */
function handOver(fds: readonly number[]): void {
  for (const fd of [0, 1, 2]) {
    try {
      fstatSync(fd);
    } catch {
      continue;
    }
    const flags = libc.fcntl(fd, F_GETFL, 0);
    if (flags >= 0 && flags & O_NONBLOCK) libc.fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  for (const fd of [0, 1, 2, ...fds]) {
    const flags = libc.fcntl(fd, F_GETFD, 0);
    if (flags >= 0) libc.fcntl(fd, F_SETFD, flags & ~1);
  }
  for (const s of ['SIGPIPE', 'SIGXFSZ', 'SIGUSR2'] as const) libc.signal(osConstants.signals[s], 0);
  // and what vat's parent left ignored and blocked, which Node reset when vat started
  const { ignored, blocked } = inheritedSignals();
  for (const n of ignored) libc.signal(n, SIG_IGN);
  const mask = allocNative(128);
  libc.sigEmptySet(mask.address);
  for (const n of blocked) mask.bytes[(n - 1) >> 3] = (mask.bytes[(n - 1) >> 3] ?? 0) | (1 << ((n - 1) & 7));
  libc.sigMask(SIG_SETMASK, mask.address, 0n);
}
