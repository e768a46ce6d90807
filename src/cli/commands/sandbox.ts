// `vat sandbox --profile P.json [--mode log|errno|kill] [--errno E] -- CMD`: the command under a real kernel
// seccomp filter built from its profile, installed (with NO_NEW_PRIVS) right before its execve.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { compileSeccomp } from '../../bpf/index.js';
import { pinExecve } from '../../bpf/pin-exec.js';
import { UsageError } from '../../errors.js';
import type { Call } from '../../model/call.js';
import { AlertWriter } from '../../security/alerts.js';
import { seccompAudit } from '../../security/audit-record.js';
import { abiName, abiOf } from '../../security/call-abi.js';
import { allowedBy, callAllowed, type SandboxMode, sandboxPolicy } from '../../security/enforce.js';
import { factsOf } from '../../security/facts.js';
import { loadProfile, unionOf } from '../../security/profile.js';
import { signalByValue } from '../../tables/signals.js';
import { syscallByNumber } from '../../tables/syscalls.js';
import { parseSubcommand, printHelp } from '../parse-subcommand.js';
import { parseErrno, parseMode } from './seccomp.js';

export const SANDBOX_HELP = `usage: vat sandbox --profile P.json [--mode errno|kill|log] [--errno E] [--json] -- COMMAND [ARGS...]

  The command runs under a seccomp filter allowing what the profile allows (every executable's syscalls,
  socket() for the recorded families); x32 numbers and foreign architectures are always refused.
  --mode errno   (default) a call outside the profile fails with --errno (default EPERM); vat detaches
                 right after the exec and the command runs at full speed, without ptrace
  --mode kill    a call outside the profile kills the process with SIGSYS; vat detaches likewise
  --mode log     every call goes through; each one outside the profile stops the command
                 (SECCOMP_RET_TRACE) and is reported as an alert; the others run at full speed
  --json         alerts and the summary as JSON lines

vat exits with the command's status (128+N when signal N killed it).`;

const SIGSYS = 31;

/** ` (exec /bin/sh)` for an execve whose path was decoded. */
function execPath(call: Call): string {
  const f = factsOf(call).find((x) => x.kind === 'exec');
  return f?.kind === 'exec' ? ` (exec ${f.path})` : '';
}

/** How long a kill's audit record is waited for: kauditd hands records to the kernel log from its own thread. */
const AUDIT_WAIT_MS = 500;
const AUDIT_POLL_MS = 10;

/** The syscall a kill denied, from the kernel log; the record may reach the log after the death was seen. */
async function auditedSyscallsSoon(pid: number): Promise<string[]> {
  const until = Date.now() + AUDIT_WAIT_MS;
  for (;;) {
    const found = auditedSyscalls(pid);
    if (found === undefined || found.length > 0 || Date.now() >= until) return found ?? [];
    await new Promise((resolve) => setTimeout(resolve, AUDIT_POLL_MS));
  }
}

/** Seccomp audit records (type=1326) of `pid` in the kernel log (undefined: not readable): the syscall denied. */
function auditedSyscalls(pid: number): string[] | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  const found: string[] = [];
  const buf = Buffer.alloc(8192);
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') continue; // overwritten records: skip on
        break; // EAGAIN: the end
      }
      const found1326 = seccompAudit(buf.toString('utf8', 0, n), pid);
      if (!found1326) continue;
      const { nr: num, i386 } = found1326;
      const fallback = syscallByNumber(i386 ? 'i386' : 'x86_64', num)?.name ?? `syscall_${num}`;
      const { abi, name } = abiName(num, fallback, i386 ? 'i386' : undefined);
      found.push(abi === 'x86_64' ? name : `${name} (${abi} ABI)`);
    }
  } finally {
    closeSync(fd);
  }
  // a kill ends the process at its first refused call: the last record of this pid is the one
  return found.slice(-1);
}

export async function sandboxCommand(argv: string[]): Promise<number> {
  const cut = argv.indexOf('--');
  const own = cut < 0 ? argv : argv.slice(0, cut);
  const command = cut < 0 ? [] : argv.slice(cut + 1);
  const { values, positionals } = parseSubcommand('sandbox', own, {
    profile: { type: 'string', short: 'P' },
    mode: { type: 'string' },
    errno: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printHelp(SANDBOX_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('sandbox: put the command after --');
  if (!values.profile) throw new UsageError('sandbox: --profile P.json is required');
  if (command.length === 0) throw new UsageError('sandbox: give the command after --');
  const mode: SandboxMode = parseMode(values.mode, 'errno');
  const errno = parseErrno(values.errno);
  const profile = loadProfile(values.profile);
  const policy = sandboxPolicy(profile, mode, /^\d+$/.test(errno) ? Number(errno) : errno);
  // execve only for the launch unless the profile shows its programs exec'ing others
  const pinExec = unionOf(profile).execs.length === 0;
  compileSeccomp(pinExec ? pinExecve(policy, 0n) : policy); // faults now, as one line, not in the tracer
  const allowed = allowedBy(profile);
  let launched = false;
  const out = new AlertWriter(values.json === true);
  const { runLive } = await import('../../security/live.js');
  const counts = new Map<string, number>();
  let commandPid: number | undefined;
  const { outcome } = await runLive(
    {
      command,
      attach: [],
      // log mode: a SECCOMP_RET_TRACE without a tracer fails the call with ENOSYS, so every child is traced
      followForks: mode === 'log',
      sandbox: { policy, pinExec, detachAfterExec: mode !== 'log' },
    },
    (call) => {
      if (mode !== 'log') return;
      const { abi: arch, name } = abiOf(call);
      const isExec = arch === 'x86_64' && (name === 'execve' || name === 'execveat');
      if (isExec && !launched) {
        launched = true; // vat's launch of the command
        return;
      }
      const pinned = pinExec && isExec;
      if (!pinned && callAllowed(allowed, arch, name, call.raw[0])) return;
      const abi = arch === 'x86_64' ? '' : ` (${arch} ABI)`;
      const key = `${name}${abi}`;
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      out.alert({
        pid: call.tid,
        kind: 'syscall',
        detail: name,
        ...(arch !== 'x86_64' ? { arch } : {}),
        message: `syscall ${name}${abi}${execPath(call)} not in profile`,
        action: 'allowed: log mode',
      });
    },
    (e) => {
      commandPid ??= e.pid;
    },
  );
  for (const pid of outcome.untraced ?? []) {
    counts.set('untraced child', (counts.get('untraced child') ?? 0) + 1);
    out.alert({
      pid,
      kind: 'untraced',
      detail: 'child',
      message: `process ${pid} was created untraced (CLONE_UNTRACED): its calls were not seen`,
      action: 'killed',
    });
  }
  const notes: string[] = [];
  if (mode === 'errno')
    notes.push(
      `errno mode: calls outside the profile failed with ${errno} inside the command; vat let it run untraced after its exec and cannot count them (--mode log shows each one)`,
    );
  if (mode === 'kill') {
    if (outcome.killedBy === SIGSYS) {
      const audited = commandPid === undefined ? [] : await auditedSyscallsSoon(commandPid);
      for (const name of audited) counts.set(name, (counts.get(name) ?? 0) + 1);
      notes.push(
        `kill mode: the command was killed by SIGSYS: seccomp refused a syscall${
          audited.length > 0
            ? ' (named from the kernel audit log)'
            : '; which one is not observable after detaching (the kernel audit log records it as type=1326)'
        }`,
      );
    } else
      notes.push(
        `kill mode: ${outcome.killedBy !== undefined ? `the command was killed by ${signalByValue(outcome.killedBy)?.name ?? outcome.killedBy}` : `the command exited with status ${outcome.status}`}; a child process killed by the filter is not observable after detaching`,
      );
  }
  out.summary(
    `sandbox (${mode} mode) calls outside the profile`,
    mode === 'errno' ? undefined : counts,
    notes,
  );
  return outcome.status;
}
