import { UsageError } from '../../errors.js';
import { AlertWriter } from '../../security/alerts.js';
import { ProfileChecker } from '../../security/checker.js';
import { formatProfile, loadProfile, mergeProfiles } from '../../security/profile.js';
import { profileFromTraces } from '../../security/profile-from.js';
import { ProfileRecorder } from '../../security/recorder.js';
import { checkOutputPath, writeOutputFile } from '../../sink/output-check.js';
import { PROG } from '../../util/prog-name.js';
import { parseSubcommand, printHelp } from '../parse-subcommand.js';

export const PROFILE_HELP = `usage: vat profile record -o P.json [-f] -- COMMAND [ARGS...]
       vat profile record -o P.json [-f] -p PID
       vat profile from TRACE... -o P.json
       vat profile merge A.json B.json... -o C.json
       vat profile check P.json [-f] [--json] -- COMMAND [ARGS...]
       vat profile check P.json [-f] [--json] -p PID

  record     trace the command and write what it did, per executable: syscalls per architecture, exec'd
             paths, files opened (folded to directory prefixes), socket families and types, connect/bind
             addresses, ioctl requests, prctl options, clone of threads or processes
  from       the same from \`vat --json\` traces (JSON Lines) or strace logs (strace -f -o LOG, or
             -ff's LOG.PID files together), read by vat's strace importer
  merge      union of profiles
  check      trace and report each deviation from the profile as it happens:
               vat: ALERT pid 123: syscall ptrace not in profile
             (--json: JSON lines); exit status 1 when any deviation occurred, else 0
  -f         follow forks and threads (record with -f: children's calls are part of the profile)
  -o FILE    output profile (record, from, merge)

The format is documented in docs/profile-format.md.`;

/** Splits `ARGS -- COMMAND...` (the command keeps its own options). */
function splitCommand(argv: string[]): { own: string[]; command: string[] } {
  const i = argv.indexOf('--');
  return i < 0 ? { own: argv, command: [] } : { own: argv.slice(0, i), command: argv.slice(i + 1) };
}

function parsePid(values: string[] | undefined): number[] {
  return (values ?? []).flatMap((v) =>
    v.split(',').map((p) => {
      if (!/^\d+$/.test(p) || Number(p) <= 0) throw new UsageError(`profile: invalid process id '${p}'`);
      return Number(p);
    }),
  );
}

function target(command: string[], pids: number[], sub: string): void {
  if (command.length === 0 && pids.length === 0)
    throw new UsageError(`profile ${sub}: give a command after -- or -p PID`);
  if (command.length > 0 && pids.length > 0)
    throw new UsageError(`profile ${sub}: give either a command or -p PID, not both`);
}

function writeOut(path: string, text: string): void {
  if (path === '-') process.stdout.write(text);
  else writeOutputFile(path, text);
}

async function record(argv: string[]): Promise<number> {
  const { own, command } = splitCommand(argv);
  const { values, positionals } = parseSubcommand('profile record', own, {
    output: { type: 'string', short: 'o' },
    follow: { type: 'boolean', short: 'f' },
    attach: { type: 'string', short: 'p', multiple: true },
  });
  if (positionals.length > 0) throw new UsageError('profile record: put the command after --');
  if (!values.output) throw new UsageError('profile record: -o P.json is required');
  checkOutputPath(values.output); // before the command runs, not after its side effects
  const pids = parsePid(values.attach);
  target(command, pids, 'record');
  // the ptrace engine brings in the FFI: loaded only when tracing
  const { attachedPrograms, runLive } = await import('../../security/live.js');
  const recorder = new ProfileRecorder();
  const follow = values.follow === true;
  for (const [tid, exe] of attachedPrograms(pids, follow)) recorder.seed(tid, exe);
  const { outcome } = await runLive({ command, attach: pids, followForks: follow }, (c) => recorder.add(c));
  const source = command.length > 0 ? command : pids.map((p) => `-p ${p}`);
  const profile = recorder.finish(source);
  writeOut(values.output, formatProfile(profile));
  const calls = profile.executables.reduce((n, e) => n + (e.syscalls.x86_64?.length ?? 0), 0);
  process.stderr.write(
    `${PROG}: profile of ${profile.executables.length} executable(s), ${calls} x86_64 syscall name(s) written to ${values.output}\n`,
  );
  if (outcome.untraced)
    process.stderr.write(
      `vat: ${outcome.untraced.length} child process(es) escaped tracing and were killed: the profile lacks their calls\n`,
    );
  if (recorder.x32Calls > 0)
    process.stderr.write(
      `${PROG}: ${recorder.x32Calls} x32-ABI call(s) seen: a vat filter always denies them\n`,
    );
  return outcome.status;
}

async function from(argv: string[]): Promise<number> {
  const { values, positionals } = parseSubcommand('profile from', argv, {
    output: { type: 'string', short: 'o' },
  });
  if (!values.output) throw new UsageError('profile from: -o P.json is required');
  checkOutputPath(values.output);
  if (positionals.length === 0)
    throw new UsageError('profile from: give `vat --json` traces or strace logs (-f, or -ff FILE.PID files)');
  const profile = await profileFromTraces(positionals);
  writeOut(values.output, formatProfile(profile));
  return 0;
}

function merge(argv: string[]): number {
  const { values, positionals } = parseSubcommand('profile merge', argv, {
    output: { type: 'string', short: 'o' },
  });
  if (!values.output) throw new UsageError('profile merge: -o C.json is required');
  checkOutputPath(values.output);
  if (positionals.length === 0) throw new UsageError('profile merge: give the profiles to merge');
  const profiles = positionals.map(loadProfile);
  writeOut(values.output, formatProfile(mergeProfiles(profiles)));
  return 0;
}

async function check(argv: string[]): Promise<number> {
  const { own, command } = splitCommand(argv);
  const { values, positionals } = parseSubcommand('profile check', own, {
    follow: { type: 'boolean', short: 'f' },
    attach: { type: 'string', short: 'p', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new UsageError('profile check: give one profile, then -- COMMAND or -p PID');
  const profile = loadProfile(positionals[0] as string);
  const pids = parsePid(values.attach);
  target(command, pids, 'check');
  const { attachedPrograms, runLive } = await import('../../security/live.js');
  const out = new AlertWriter(values.json === true);
  const checker = new ProfileChecker(profile, (d) => out.alert(d));
  const follow = values.follow === true;
  for (const [tid, exe] of attachedPrograms(pids, follow)) checker.seed(tid, exe);
  const { outcome } = await runLive({ command, attach: pids, followForks: follow }, (c) => checker.add(c));
  checker.finish();
  for (const pid of outcome.untraced ?? []) checker.untraced(pid);
  const notes = command.length > 0 ? [`the command exited with status ${outcome.status}`] : [];
  out.summary('deviations from the profile', checker.counts(), notes);
  return checker.deviations.length > 0 ? 1 : 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => number | Promise<number>> = {
  record,
  from,
  merge,
  check,
};

export function profileCommand(argv: string[]): number | Promise<number> {
  const sub = argv[0];
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    printHelp(PROFILE_HELP);
    return sub === undefined ? 2 : 0;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) throw new UsageError(`profile: unknown subcommand '${sub}' (record, from, merge, check)`);
  return run(argv.slice(1));
}
