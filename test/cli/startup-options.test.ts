// strace's start-up options seen from inside the command (its environment, ids, argv[0], parent) under both
// tracers, their errors worded as strace's, and -O, -d, --tips.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, fixture, ROOT, scratch } from '../helpers/fixtures.js';
import { messages } from '../helpers/strace-oracle.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = scratch();
  dirs.push(d);
  return d;
};

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly trace: string;
}

/** Runs `tracer OPTIONS -o FILE -- COMMAND` with a small fixed environment. */
function run(tracer: 'strace' | 'vat', options: readonly string[], command: readonly string[]): Run {
  const out = join(tmp(), 'trace.txt');
  const argv = [...options, '-o', out, '--', ...command];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', KEEP: 'k', DROP: 'd', LANG: 'C' };
  const r =
    tracer === 'vat'
      ? spawnSync(process.execPath, [CLI, ...argv], { encoding: 'utf8', env, timeout: 60_000 })
      : spawnSync('strace', argv, { encoding: 'utf8', env, timeout: 60_000 });
  let trace = '';
  try {
    trace = readFileSync(out, 'utf8');
  } catch {}
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, trace };
}

/** The whoami fixture where any user may run it (the fixtures' own directory is private to root). */
function publicWhoami(): string {
  const dir = tmp();
  const copy = join(dir, 'whoami');
  spawnSync('cp', [fixture('whoami'), copy]);
  chmodSync(dir, 0o755);
  chmodSync(copy, 0o755);
  return copy;
}

/** What the command saw, without the numbers that differ between two runs (its pid, parent, group). */
const seen = (stdout: string): string =>
  stdout.replace(/^ppid=\d+ pgid=\d+ sid=\d+ pid=\d+$/m, 'ppid pgid sid pid').replace(/^env _=.*\n/m, '');

for (const options of [
  ['-E', 'NEW=1', '-E', 'KEEP=changed', '-E', 'DROP'],
  ['--env=ONLY=x', '--env', 'LANG'],
  ['-u', 'nobody'],
  ['--user=daemon'],
  ['-u', 'root'],
]) {
  test(`${options.join(' ')}: the command sees what it sees under strace`, () => {
    const program = publicWhoami();
    const s = run('strace', options, [program]);
    const v = run('vat', options, [program]);
    assert.equal(s.status, 0, s.stderr);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(seen(v.stdout), seen(s.stdout));
  });
}

test('-u keeps a setuid program its owner as effective uid, as strace does', () => {
  const copy = publicWhoami();
  spawnSync('chown', ['daemon', copy]);
  chmodSync(copy, 0o4755);
  const s = run('strace', ['-u', 'nobody'], [copy]);
  const v = run('vat', ['-u', 'nobody'], [copy]);
  assert.match(s.stdout, /uid=65534 euid=1 /);
  assert.equal(seen(v.stdout), seen(s.stdout));
});

test("--argv0 is the command's argv[0] (strace 6.1 has no --argv0; the command still runs the same file)", () => {
  const v = run('vat', ['--argv0=renamed'], [fixture('whoami')]);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /^argv0=renamed$/m);
  assert.match(v.trace, /^execve\("[^"]*whoami", \["renamed"\]/m);
});

test('-b execve detaches at the exec: the traced shell goes on, the program runs untraced', () => {
  const cmd = ['sh', '-c', `${fixture('whoami')} >/dev/null; exit 4`];
  const norm = (t: string): string =>
    t
      .replace(/^\d+ +/gm, 'PID ')
      .replace(/0x[0-9a-f]+/g, 'ADDR')
      .replace(/(wait4\(.*\) += )\d+/g, '$1PID')
      // the calls that return a pid (and their resumed halves): a 3-digit one, once the pid counter has wrapped, escapes
      // the 4-digit mask below
      .replace(
        /^(PID (?:<\.\.\. )?(?:set_tid_address|getpid|getppid|gettid|vfork|fork|clone3?)\b.*\) += )\d+$/gm,
        '$1PID',
      )
      .replace(/(si_pid|si_uid)=\d+/g, '$1=ID')
      .replace(/ <(detached|unfinished) \.\.\.>$/gm, ' <detached ...>')
      .replace(/\b\d{4,}\b/g, 'N')
      .replace(/getrandom\("[^"]*"/g, 'getrandom("R"')
      .replace(/ +=/g, ' =')
      .split('\n')
      .filter((l) => !/^PID (rt_sigaction|rt_sigprocmask|rt_sigreturn|--- SIGCHLD)/.test(l))
      .join('\n');
  const s = run('strace', ['-f', '-b', 'execve'], cmd);
  const v = run('vat', ['-f', '--detach-on=execve'], cmd);
  assert.equal(s.status, 4);
  assert.equal(v.status, 4, v.stderr);
  // let go at the exec event: the line is cut as strace cuts it (unfinished when the vfork parent went on first)
  assert.match(v.trace, /execve\("[^"]*whoami", .* <(detached|unfinished) \.\.\.>$/m);
  assert.doesNotMatch(v.trace, /getgroups/);
  assert.equal(norm(v.trace), norm(s.trace));
});

test('-b execve without -f: the command let go, its end waited for and its status not taken (0), as strace', () => {
  for (const options of [[], ['-e', 'none'], ['--seccomp-bpf', '-e', 'none']]) {
    // the shell's exec is the detaching one; the program it becomes exits 1
    const cmd = ['sh', '-c', 'exec false'];
    const v = run('vat', ['-b', 'execve', ...options], cmd);
    const s = run('strace', ['-b', 'execve', ...options], cmd);
    assert.equal(s.status, 0);
    assert.equal(v.status, s.status, `${options.join(' ')}: ${v.stderr}`);
    assert.equal(v.trace.split('\n').length, s.trace.split('\n').length, `${options.join(' ')}: ${v.trace}`);
    assert.equal(messages(v.stderr).replace(/\d+/g, 'N'), messages(s.stderr).replace(/\d+/g, 'N'));
  }
});

for (const [options, status] of [
  [['-a', 'x'], 1],
  [['-a', '-1'], 1],
  [['-I', '5'], 1],
  [['-I', 'foo'], 1],
  [['-O', '1x'], 1],
  [['-X', 'foo'], 1],
  [['--const-print-style=foo'], 1],
  [['--strings-in-hex=foo'], 1],
  [['--decode-pids=foo'], 1],
  [['-e', 'decode-fds=foo'], 1],
  [['-b', 'foo'], 1],
  [['-DDDD'], 1],
  [['--daemonize=foo'], 1],
  [['-u', 'no-such-user-here'], 1],
  [['-u', '0'], 1],
  [['-e', 'kvm=foo'], 1],
  [['--tips=foo'], 1],
  // strace's limits and order: a tip id up to INT_MAX; every --tips read, not only the last
  [['--tips=2147483648'], 1],
  [['--tips=id:-1'], 1],
  [['--tips=id:format', '--tips=1'], 1],
  // -D: not both spellings, then a command, then at most 3 (a pid no process can have: nothing is attached)
  [['-DDDD', '-p', '4194304'], 1],
  [['-D', '--daemonize', '-p', '4194304'], 1],
  [['--daemonize=Pgrp', '-D'], 1],
  [['--daemonize=pgr'], 1],
  [['-DDDD'], 1],
  [['--daemonize', '-D'], 1],
  [['-c', '-C'], 1],
  [['-x', '--strings-in-hex'], 1],
  [['--strings-in-hex=all', '-xx'], 1],
  [['--summary', '--summary-only'], 1],
  [['--string-limit=-42'], 1],
  [['-s', '1073741824'], 1],
  // -P's paths are resolved (and said) before the -q conflict is found
  [['-q', '--quiet', '-P', '///', '-P/.'], 1],
  [['-e', 'raw=nosuchcall'], 1],
  [['-e', 'trace=nosuchcall@64'], 1],
] as const) {
  test(`${options.join(' ')} is refused in strace's words`, () => {
    const s = run('strace', options, ['true']);
    const v = run('vat', options, ['true']);
    assert.equal(s.status, status);
    assert.equal(v.status, s.status);
    // every line in strace's words (the error, then strace's `Try '... -h'` hint where strace gives one)
    const words = (e: string): string =>
      e.replace(/^(strace|vat): /gm, '').replace(/'(strace|vat) -h'/g, "'-h'");
    assert.equal(words(v.stderr), words(s.stderr));
  });
}

// times as strace's parse_ts reads them (strtod: fractions, exponents, a sign), accepted or refused alike
for (const options of [
  ['-c', '-O', '4.5e2ms'],
  ['-c', '-O', '+8e8ns'],
  ['-c', '-O', '.16E7'],
  ['-c', '-O', '1e'],
  ['-c', '-O', '-1'],
  ['-c', '-O', '1.5x'],
  ['--interruptible=always'],
  ['-e', 'inject=getpid:delay_enter=+8e2ns:delay_exit=.16E1'],
  ['-e', 'inject=getpid:delay_enter=1e'],
  ['--tips=ID:3,Format:NONE'],
  ['--tips=id:+5,format:none'],
  ['--tips=id:-0,,format:none'],
  ['--tips=id:2147483647,format:none'],
  ['-s', '1073741823'],
]) {
  test(`${options.join(' ')}: accepted or refused as by strace`, () => {
    const s = run('strace', options, ['true']);
    const v = run('vat', options, ['true']);
    assert.equal(v.status, s.status, v.stderr);
    const words = (e: string): string =>
      e.replace(/^(strace|vat): /gm, '').replace(/'(strace|vat) -h'/g, "'-h'");
    assert.equal(words(v.stderr), words(s.stderr));
  });
}

test('-O takes the overhead off every call in the -c table', () => {
  const v = run('vat', ['-c', '-w', '-O', '1s'], [fixture('options-calls')]);
  assert.equal(v.status, 0, v.stderr);
  const rows = v.trace.split('\n').filter((l) => /^\s+\d+\.\d+\s/.test(l));
  assert.ok(rows.length > 5, v.trace);
  for (const row of rows) assert.match(row, /^\s+0\.00\s+0\.000000\s+0\s/, row);
  const without = run('vat', ['-c', '-w'], [fixture('options-calls')]);
  assert.match(without.trace, /\s0\.0000[0-9]*[1-9]/);
});

test('--tips prints a tip after the trace; format:none prints none; -d adds only vat: lines on stderr', () => {
  const tip = run('vat', ['--tips=id:1,format:compact'], ['true']);
  assert.equal(tip.status, 0);
  assert.match(tip.stderr, /^ {2}_+\n \/ +\\\n \| .*\|\n/);
  assert.equal(run('vat', ['--tips=id:1'], ['true']).stderr, tip.stderr);
  assert.equal(run('vat', ['--tips=format:none'], ['true']).stderr, '');
  // each --tips on top of the ones before, as strace: the id stays, a bare --tips after format:none shows again
  assert.equal(run('vat', ['--tips=id:1,format:none', '--tips=format:compact'], ['true']).stderr, tip.stderr);
  assert.equal(run('vat', ['--tips=id:1,format:none', '--tips'], ['true']).stderr, tip.stderr);
  const debug = run('vat', ['-d'], [fixture('options-calls')]);
  const plain = run('vat', [], [fixture('options-calls')]);
  assert.ok(debug.stderr.length > 0);
  for (const line of debug.stderr.trimEnd().split('\n')) assert.match(line, /^vat: /);
  assert.equal(debug.trace.split('\n').length, plain.trace.split('\n').length);
});

test('-I, -e kvm=vcpu (no /dev/kvm here) and --secontext are accepted and change nothing in the trace', () => {
  const plain = run('vat', [], [fixture('options-calls')]);
  for (const options of [['-I', '2'], ['--interruptible=never'], ['-e', 'kvm=vcpu'], ['--kvm=vcpu']]) {
    const v = run('vat', options, [fixture('options-calls')]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.trace.split('\n').length, plain.trace.split('\n').length, options.join(' '));
  }
});

test("bin/vat through a link named strace: messages start with the link, as strace's with its argv[0]", () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' };
  const links = (target: string): string => {
    const link = join(tmp(), 'strace');
    symlinkSync(target, link);
    return link;
  };
  const vat = links(join(ROOT, 'bin', 'vat'));
  const strace = links(spawnSync('sh', ['-c', 'command -v strace'], { encoding: 'utf8' }).stdout.trim());
  const said = (link: string, args: readonly string[]): string =>
    spawnSync(link, args, { encoding: 'utf8', env, timeout: 60_000 }).stderr.replaceAll(link, 'LINK');
  for (const args of [
    ['-e', 'trace=bogus', 'true'],
    ['-o', '/nonexistent/dir/x', 'true'],
    ['-D', '-o', '/nonexistent/dir/x', 'true'],
  ])
    assert.equal(said(vat, args), said(strace, args), args.join(' '));
});

// A POSIX shell as bin/vat dropped `spring.profiles.active`, sorted the rest and added PWD
test('bin/vat hands the command its environment exactly as strace does: order, names that are not identifiers, no PWD', () => {
  const env = {
    ZZ: '1',
    'spring.profiles.active': 'dev',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    'A-B': '2',
    LANG: 'C',
  };
  const envOf = (tracer: readonly string[]): string =>
    spawnSync(tracer[0] ?? '', [...tracer.slice(1), '-e', 'trace=none', '-o', '/dev/null', '--', 'env'], {
      encoding: 'utf8',
      env,
    }).stdout;
  const untraced = spawnSync('env', [], { encoding: 'utf8', env }).stdout;
  assert.match(untraced, /^ZZ=1\nspring\.profiles\.active=dev\nPATH=/);
  assert.equal(envOf(['strace']), untraced);
  assert.equal(envOf([join(ROOT, 'bin', 'vat')]), untraced);
});
