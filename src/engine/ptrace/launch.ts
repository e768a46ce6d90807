// Starting a command under ptrace without child_process: a shell that stops itself, then execs what vat says.
import { accessSync, constants, fstatSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, join } from 'node:path';
import { PATH_MAX } from '../../decode/args/strings.js';
import { VatError } from '../../errors.js';
import type { LaunchState } from '../../sys/launch-state.js';
import { allocNative, lastErrno, libc, type NativeBuffer } from '../../sys/libc.js';
import { procFile } from '../../sys/procfs.js';
import { constantOf } from '../../tables/constants.js';
import { errnoByName, errnoByValue } from '../../tables/errnos.js';
import { LIBC_CONSTS } from '../../tables/generated/libc-consts.js';
import { ARGV0_ENV } from '../../util/prog-name.js';
import { CA_CERTS_ENV, environBeforeShim } from '../../util/shim-env.js';

/**
 * The launcher: ignores what vat's parent left ignored, stops itself so vat can seize it, then execs "$0"; vat
 * rewrites that execve's arguments.
 */
export function shellLauncher(target: string, args: readonly string[] = []): string[] {
  const ignore = inheritedSignals().ignored;
  // dash sets an ignored SIGCHLD back to default, `trap '' CHLD` or not: perl keeps it (sigign.test)
  if (ignore.includes(SIGCHLD)) return exactLauncher(target, [target, ...args]);
  const trap = ignore.length > 0 ? `trap '' ${ignore.join(' ')}; ` : '';
  // the command's own arguments too: should the rewrite ever not happen, it still runs with them
  return ['/bin/sh', '-c', `${trap}kill -STOP $$; exec "$0" "$@"`, target, ...args];
}

/**
 * The same for a command that must be exec'd with exactly its argv and environment, in perl. execve itself
 * (59), not Perl's exec: that is execvp, which runs a file without a shebang with /bin/sh when the kernel
 * refuses it (ENOEXEC), where strace's `exec: Exec format error` ends the trace. A failed execve ends the
 * launcher with exit_group(errno) (231) before it does anything else. `deathSignal`: the command gets SIGKILL
 * when vat's thread that spawned it ends (PR_SET_PDEATHSIG; kept across execve but for set-user-ID, set-group-ID
 * or file-capability programs; a child of the command does not inherit it): the eBPF engine's nearest to
 * PTRACE_O_EXITKILL.
 */
export function exactLauncher(path: string, argv: readonly string[], deathSignal = false): string[] {
  const names = inheritedSignals()
    .ignored.map((n) => signalName(n))
    .filter((n) => n !== undefined);
  const ignore = names.length > 0 ? `$SIG{$_} = "IGNORE" for qw(${names.join(' ')}); ` : '';
  // perl opens /dev/null on a closed stdin, and a file it opens may land on a closed stdout or stderr (its close
  // leaves fds 0-2 open): marked close-on-exec at the end, the exec closes them again (as bin/vat does; F_SETFD 2,
  // FD_CLOEXEC 1), so the command finds closed what vat's parent closed
  const closed = [...closedStandardFds()];
  const reclose =
    closed.length > 0 ? `for (${closed.join(', ')}) { my $h; fcntl $h, 2, 1 if open $h, "<&=", $_ } ` : '';
  // prctl(PR_SET_PDEATHSIG, SIGKILL) (157, 1, 9): the command dies with vat (a parent already gone: no command)
  const dies = deathSignal ? `syscall 157, 1, 9; exit 1 if getppid() != ${process.pid}; ` : '';
  return [
    '/usr/bin/perl',
    '-e',
    // perl ignores SIGFPE from its start and only its own exec puts it back: the raw execve must do it first
    `${dies}$SIG{FPE} = "DEFAULT"; ${ignore}my $p = shift @ARGV; open my $f, "<", "/proc/self/environ"; ` +
      `my @e = split /\\0/, do { local $/; <$f> }; close $f; ${reclose}kill "STOP", $$; ` +
      `syscall 59, $p, pack("p*", @ARGV, undef), pack("p*", @e, undef); syscall 231, $! + 0`,
    path,
    ...argv,
  ];
}

/** Set by bin/vat (the installed command): its parent's SigIgn and SigBlk masks, which Node resets at start. */
export const SIGNALS_ENV = 'VAT_INHERITED_SIGNALS';
/**
 * Set by bin/vat: which of fds 0, 1 and 2 were closed when vat started (`02`). Node opens /dev/null on them
 * before any JavaScript runs; the command gets them closed, as strace hands them (its placeholders are
 * close-on-exec).
 */
const CLOSED_FDS_ENV = 'VAT_CLOSED_FDS';

let closedAtStart: ReadonlySet<number> | undefined;

/** The standard fds vat's parent left closed (none known when vat was started without bin/vat). */
function closedStandardFds(): ReadonlySet<number> {
  if (closedAtStart) return closedAtStart;
  const given = process.env[CLOSED_FDS_ENV] ?? '';
  closedAtStart = new Set([0, 1, 2].filter((fd) => given.includes(String(fd))));
  delete process.env[CLOSED_FDS_ENV];
  return closedAtStart;
}

const SIGCHLD = osConstants.signals.SIGCHLD;

/** SIGKILL and SIGSTOP cannot be ignored or blocked; 32 and 33 are glibc's own. */
const UNTOUCHABLE = new Set([9, 19, 32, 33]);

let inherited: { ignored: number[]; blocked: number[] } | undefined;

/** The signals vat's parent left ignored and blocked (none known when vat was started without bin/vat). */
export function inheritedSignals(): {
  readonly ignored: readonly number[];
  readonly blocked: readonly number[];
} {
  if (inherited) return inherited;
  const m = /^\s*([0-9a-f]{16}):\s*([0-9a-f]{16})$/.exec(process.env[SIGNALS_ENV] ?? '');
  const signals = (hex: string | undefined): number[] => {
    const mask = BigInt(`0x${hex ?? '0'}`);
    const out: number[] = [];
    for (let n = 1; n <= 64; n++) if ((mask >> BigInt(n - 1)) & 1n && !UNTOUCHABLE.has(n)) out.push(n);
    return out;
  };
  inherited = { ignored: signals(m?.[1]), blocked: signals(m?.[2]) };
  delete process.env[SIGNALS_ENV];
  return inherited;
}

function signalName(n: number): string | undefined {
  for (const [name, value] of Object.entries(osConstants.signals)) if (value === n) return name.slice(3);
  return undefined;
}

/** Resolves a command name as strace does: a name with a slash as is, otherwise the first executable on PATH. */
export function resolveCommand(
  name: string,
  path = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
): string {
  const cantStat = (code: string): VatError =>
    new VatError(`Can't stat '${name}': ${errnoByName(code)?.message ?? code}`, 'ENOCMD');
  // strace's startup_child: a name that cannot fit in a PATH_MAX buffer is refused before any lookup
  if (Buffer.byteLength(name) > PATH_MAX - 1)
    throw new VatError(`exec: ${errnoByName('ENAMETOOLONG')?.message ?? 'ENAMETOOLONG'}`, 'ENOCMD');
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

/**
 * Spawns the stopped launcher with fds 0-2 and the fds vat inherited given explicitly (Node made them
 * close-on-exec or they may be closed), and with the signal dispositions vat's parent chose.
 */
export function spawnLauncher(
  target: string,
  env: readonly string[],
  state: LaunchState,
  argv: readonly string[] = shellLauncher(target),
  signals: 'inherited' | 'default' = 'inherited',
): number {
  const actions = allocNative(256);
  libc.spawnActionsInit(actions.address);
  const attr = defaultSignalsAttr(signals === 'inherited' ? inheritedSignals().blocked : []);
  const closed = closedStandardFds();
  try {
    for (const fd of [0, 1, 2]) {
      if (closed.has(fd)) {
        libc.spawnActionsAddClose(actions.address, fd);
        continue;
      }
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
    for (const fd of state.fds) libc.spawnActionsAddDup2(actions.address, fd, fd);
    const pidOut = [0];
    const rc = libc.posixSpawn(
      pidOut,
      argv[0] as string,
      actions.address,
      attr.address,
      [...argv, null],
      [...env, null],
    );
    if (rc !== 0) throw new VatError(`posix_spawn ${argv[0]}: ${errnoText(rc)}`, 'ESPAWN');
    return pidOut[0] as number;
  } finally {
    libc.spawnActionsDestroy(actions.address);
    libc.spawnAttrDestroy(attr.address);
  }
}

/**
 * Every signal to its default and vat's parent's mask: Node ignores SIGPIPE and SIGXFSZ and blocks signals in
 * its threads, none of which the command must inherit (`yes | head` must die of SIGPIPE); what the parent
 * ignored the launcher ignores again.
 */
function defaultSignalsAttr(blocked: readonly number[]): NativeBuffer {
  const attr = allocNative(512);
  const defaults = allocNative(128);
  const none = allocNative(128);
  libc.spawnAttrInit(attr.address);
  libc.sigFillSet(defaults.address);
  // sigfillset leaves out glibc's internal 32 and 33, which Node's threads leave ignored: set their bits too
  defaults.bytes[3] = (defaults.bytes[3] ?? 0) | 0x80;
  defaults.bytes[4] = (defaults.bytes[4] ?? 0) | 0x01;
  libc.sigEmptySet(none.address);
  // the mask vat's parent gave (sigset_t: signal n is bit n - 1, little-endian)
  for (const n of blocked) none.bytes[(n - 1) >> 3] = (none.bytes[(n - 1) >> 3] ?? 0) | (1 << ((n - 1) & 7));
  libc.spawnAttrSetSigDefault(attr.address, defaults.address);
  libc.spawnAttrSetSigMask(attr.address, none.address);
  libc.spawnAttrSetFlags(
    attr.address,
    LIBC_CONSTS.POSIX_SPAWN_SETSIGDEF | LIBC_CONSTS.POSIX_SPAWN_SETSIGMASK,
  );
  return attr;
}

/** strerror text of the last failed libc call (or of `n`). */
export const errnoText = (n = lastErrno()): string => errnoByValue(n)?.message ?? `errno ${n}`;

/** -D: set in the detached tracer's environment (`PID:LEVEL`), never passed on to the command. */
export const DAEMON_ENV = 'VAT_DAEMONIZED_COMMAND';

/** What bin/vat and -D tell vat through the environment: never passed on to the command. */
const OWN_ENV = [DAEMON_ENV, SIGNALS_ENV, CLOSED_FDS_ENV, ARGV0_ENV, CA_CERTS_ENV];

/** vat's environment exactly as the kernel gave it (order and all), which process.env does not keep. */
export function originalEnvironment(): string[] {
  const environ = procFile('self', 'environ');
  if (environ !== undefined)
    return environBeforeShim(environ.split('\0')).filter(
      (e) => e !== '' && !OWN_ENV.some((name) => e.startsWith(`${name}=`)),
    );
  return Object.entries(process.env)
    .filter(([k]) => !OWN_ENV.includes(k))
    .map(([k, v]) => `${k}=${v}`);
}

/**
 * After the launch, as strace's redirect_standard_fds: vat's own stdin and stdout become a placeholder (a pipe's
 * read end whose writer is gone: reads see EOF, writes fail), so that a command which closes its stdin or stdout
 * in a pipeline really lets go of the pipe (`yes | vat sh -c 'exec <&-; ...'`: yes gets its SIGPIPE at once).
 */
const O_CLOEXEC = Number(constantOf('open_flags', 'O_CLOEXEC'));

export function releaseStandardFds(): void {
  for (const fd of [0, 1]) {
    const fds = [0, 0];
    if (libc.pipe2(fds, O_CLOEXEC) !== 0) return;
    const [readEnd, writeEnd] = fds as [number, number];
    libc.closeFd(writeEnd);
    libc.dup3(readEnd, fd, O_CLOEXEC);
    libc.closeFd(readEnd);
  }
}
