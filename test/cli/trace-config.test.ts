// buildTraceConfig: strace's options into a trace's plan without running anything. Errors and warnings are
// checked against strace's own stderr for the same options (it stops at the same first error, after the same
// warnings); the environment port is the machine's, with answers changed where a case needs another machine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildTraceConfig, type TraceBuild } from '../../src/cli/trace-config.js';
import { systemTraceEnv, type TraceEnv } from '../../src/cli/trace-env.js';
import { parseTraceArgs } from '../../src/cli/trace-options.js';
import { VatError } from '../../src/errors.js';
import { scratch } from '../helpers/fixtures.js';
import { hasStrace } from '../helpers/strace-oracle.js';

const build = (argv: readonly string[], env: Partial<TraceEnv> = {}): TraceBuild =>
  buildTraceConfig(parseTraceArgs(argv), { ...systemTraceEnv(), ...env });

/** What the runner would write on stderr: the warnings, then the error (main adds `Try ... -h` after it). */
function said(b: TraceBuild): string[] {
  return [...b.warnings, ...(b.kind === 'refused' ? [b.error.message] : [])];
}

/** strace's stderr for the same options, its lines without the program name and the usage hint. */
function straceSays(argv: readonly string[]): string[] {
  const r = spawnSync('strace', argv, { encoding: 'utf8', timeout: 60_000 });
  return r.stderr
    .split('\n')
    .filter((l) => l.startsWith('strace: '))
    .map((l) => l.slice('strace: '.length));
}

test('a launch: the command found on PATH, the outputs, -I level 3 with -o, nothing written', () => {
  const out = join(scratch(), 'trace.txt');
  const b = build(['-f', '-s', '64', '-o', out, '--', 'true', 'x']);
  assert.equal(b.kind, 'trace');
  if (b.kind !== 'trace') return;
  assert.deepEqual(b.warnings, []);
  const { config, outputs } = b.plan;
  assert.deepEqual(config.command, ['true', 'x']);
  assert.equal(config.commandPath, systemTraceEnv().commandPath('true'));
  assert.equal(config.followForks, true);
  assert.equal(config.decode.strsize, 64);
  assert.equal(config.releaseStdio, true);
  assert.equal(config.launchState, undefined, 'the runner adds what it captured');
  assert.equal(outputs.text?.target.path, out);
  assert.equal(outputs.summary, undefined);
  assert.equal(b.plan.interruptLevel, 3);
  assert.deepEqual(b.plan.engine, { choice: 'auto', defaulted: true, say: false });
});

test('the default engine: auto; ptrace under the name strace (a drop-in strace), unless a scope needs eBPF', () => {
  const engine = (argv: readonly string[], standsInForStrace: boolean): unknown => {
    const b = build(argv, { standsInForStrace });
    return b.kind === 'trace' ? b.plan.engine : b.error.message;
  };
  assert.deepEqual(engine(['true'], false), { choice: 'auto', defaulted: true, say: false });
  assert.deepEqual(engine(['true'], true), { choice: 'ptrace', defaulted: true, say: false });
  assert.deepEqual(engine(['-d', 'true'], true), { choice: 'ptrace', defaulted: true, say: true });
  assert.deepEqual(engine(['--engine', 'ebpf', 'true'], true), {
    choice: 'ebpf',
    defaulted: false,
    say: false,
  });
  assert.deepEqual(engine(['-v', '--engine', 'auto', 'true'], false), {
    choice: 'auto',
    defaulted: false,
    say: true,
  });
  assert.deepEqual(engine(['--system-wide'], true), { choice: 'auto', defaulted: true, say: false });
});

const twoWrong: readonly (readonly string[])[] = [
  // both refused without -c: -w is checked first, whichever came first on the line
  ['-w', '-U', 'calls', '--', 'true'],
  ['-U', 'calls', '-w', '--', 'true'],
  // a warning, then the error that ends it
  ['-S', 'calls', '-u', 'nosuch-vat-user', '--', 'true'],
  // an -e error as the options are read, before the checks made after them
  ['-e', 'trace=nosuch_vat_call', '-w', '--', 'true'],
  // -s too: before the warnings said once all options are read
  ['-z', '-Z', '-s', 'x', '--', 'true'],
  // -p, -s, -S and -b as getopt meets them, between -e's
  ['-s', 'x', '-p', '0'],
  ['-p', '0', '-s', 'x'],
  ['-s', 'x', '-e', 'trace=nosuch_vat_call', '--', 'true'],
  ['-p', '0', '-e', 'trace=nosuch_vat_call'],
  ['-e', 'trace=nosuch_vat_call', '-S', 'x', '--', 'true'],
  ['-S', 'x', '-b', 'chdir', '--', 'true'],
  ['-s', 'x', '-s', '5', '--', 'true'],
  // -o's file is opened before the command is looked for; -ff's files only after
  ['-o', '/nonexistent-vat-dir/x', '--', 'nosuch-vat-command'],
  ['-ff', '-o', '/nonexistent-vat-dir/x', '--', 'nosuch-vat-command'],
];
for (const argv of twoWrong)
  test(`strace's order: ${argv.join(' ')}`, { skip: !hasStrace && 'strace is not installed' }, () => {
    const b = build(argv);
    assert.equal(b.kind, 'refused');
    assert.deepEqual(said(b), straceSays(argv));
  });

// strace's checks of the options together (-f's forms, -F, -c with -ff, the --seccomp-bpf and -u checks, -o), in its
// order: the warnings of a trace that runs, and those before a refusal
const together: readonly (readonly string[])[] = [
  ['-c', '-i', '-k', '-n', '-r', '-t', '-T', '-y', '-o', '/dev/null', '--', 'true'],
  ['-A', '-z', '-Z', '-qq', '--', 'true'],
  ['--output-separately', '-qq', '--', 'true'],
  ['-F', '-o', '/dev/null', '--', 'true'],
  ['-f', '-F', '-o', '/dev/null', '--', 'true'],
  ['-f', '--seccomp-bpf', '-o', '/dev/null', '--', 'true'],
  ['--seccomp-bpf', '-b', 'execve', '-o', '/dev/null', '--', 'true'],
  ['-c', '-ff', '--', 'true'],
  ['-C', '--output-separately', '--', 'true'],
  ['-f', '--follow-forks', '--', 'true'],
  ['-ff', '--output-separately', '-o', '/nonexistent-vat-dir/x', '--', 'true'],
  ['-ff', '-o', '|cat', '--', 'true'],
  ['-u', 'nosuch-vat-user', '-o', '/nonexistent-vat-dir/x', '-p', '1'],
  ['-o', '/nonexistent-vat-dir/x', '-u', 'root', '-p', '1'],
  ['--seccomp-bpf', '-S', 'calls', '-o', '/nonexistent-vat-dir/x', '-p', '1'],
  ['-D', '-o', '/nonexistent-vat-dir/x', '-p', '1'],
];
for (const argv of together)
  test(`strace's order: ${argv.join(' ')}`, { skip: !hasStrace && 'strace is not installed' }, () => {
    assert.deepEqual(said(build(argv)), straceSays(argv));
  });

test('the port is asked, nothing else: a missing command and an unwritable -o', () => {
  const asked: string[] = [];
  const env: Partial<TraceEnv> = {
    commandPath: (name) => {
      asked.push(`command ${name}`);
      throw new VatError(`Can't stat '${name}': No such file or directory`, 'ENOCMD');
    },
    checkOutput: (path) => {
      asked.push(`output ${path}`);
    },
  };
  const b = build(['-o', '/nowhere/x', '--', 'prog'], env);
  assert.equal(b.kind, 'refused');
  assert.deepEqual(said(b), ["Can't stat 'prog': No such file or directory"]);
  assert.deepEqual(asked, ['output /nowhere/x', 'command prog']);
  // -p looks for no command; vat's own pid is refused in strace's words
  asked.length = 0;
  const self = build(['-p', '4242'], { ...env, pid: 4242 });
  assert.deepEqual(said(self), ["I'm sorry, I can't let you do that, Dave."]);
  assert.deepEqual(asked, []);
});

test('-D: the first process has no role yet; the detached tracer gets the command pid and level', () => {
  const first = build(['-DD', '--', 'true'], { daemonRole: () => undefined });
  assert.equal(first.kind, 'trace');
  if (first.kind !== 'trace') return;
  assert.equal(first.plan.daemonize, 2);
  assert.equal(first.plan.daemonLevel, undefined);
  assert.equal(first.plan.interruptLevel, 4);
  const tracer = build(['-DD', '--', 'true'], { daemonRole: () => ({ pid: 77, level: 2 }) });
  assert.equal(tracer.kind, 'trace');
  if (tracer.kind !== 'trace') return;
  assert.equal(tracer.plan.config.daemonOf, 77);
  assert.equal(tracer.plan.daemonLevel, 2);
});

test('warnings with a plan: -S without -c, --seccomp-bpf without -f; -k idle with -c', () => {
  const sort = build(['-S', 'calls', '--', 'true']);
  assert.equal(sort.kind, 'trace');
  assert.deepEqual(sort.warnings, [
    '-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)',
  ]);
  const seccomp = build(['--seccomp-bpf', '-e', 'trace=open', '--', 'true']);
  assert.deepEqual(seccomp.warnings, ['--seccomp-bpf cannot be used without -f/--follow-forks, disabling']);
  if (seccomp.kind === 'trace') assert.equal(seccomp.plan.config.seccompBpf, false);
  // -k with -c is idle: the unwinding library is not even looked for
  const k = build(['-k', '-c', '--', 'true'], {
    stackTracesUnavailable: () => assert.fail('asked about -k with -c'),
  });
  assert.deepEqual(k.warnings, ['-k/--stack-traces has no effect with -c/--summary-only']);
  const missing = build(['-k', '--', 'true'], { stackTracesUnavailable: () => 'no libunwind' });
  assert.deepEqual(said(missing), ['no libunwind']);
});
