// The eBPF engine from the command line: exact counts, -c counted in the kernel, losses never silent, the
// system-wide and cgroup scopes, and nothing left in the kernel when vat is killed with SIGKILL.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { bpfObjectExists } from '../../../src/engine/ebpf/loader.js';
import { CLI, fixture, needsIa32, ROOT, scratch } from '../../helpers/fixtures.js';
import { noMemcg, withMemoryCgroup } from '../../helpers/memcg.js';
import { runVat } from '../../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `vat ARGS -- sleep 4` and calls `each` every 300 ms until vat exits; resolves to vat's exit code. */
async function traceWhile(args: string[], each: () => void): Promise<number | null> {
  const vat = spawn(process.execPath, [CLI, ...args, '--', 'sleep', '4'], { stdio: 'ignore' });
  let exited = false;
  const done = new Promise<number | null>((r) => vat.on('exit', (c) => r(c)));
  void done.then(() => {
    exited = true;
  });
  while (!exited) {
    each();
    await sleep(300);
  }
  return done;
}

/** A cgroup v2 directory made for one test and removed after it, whatever the test does. */
async function inTestCgroup<T>(name: string, body: (cg: string) => Promise<T>): Promise<T> {
  const cg = join('/sys/fs/cgroup/unified', `${name}-${process.pid}`);
  mkdirSync(cg);
  try {
    return await body(cg);
  } finally {
    rmdirSync(cg);
  }
}

test('ebpf: every one of 20000 writes is one line, nothing lost', () => {
  const out = join(dir, 'storm.txt');
  const r = runVat(['--engine', 'ebpf', '-f', '-o', out, '--', fixture('write-storm'), '20000']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /lost/);
  const lines = readFileSync(out, 'utf8').split('\n');
  assert.equal(lines.filter((l) => /^\d+ +write\(3, "x", 1\) += 1$/.test(l)).length, 20000);
});

test('ebpf: -c counts in the kernel, in strace layout', () => {
  const r = runVat(['--engine', 'ebpf', '-c', '--', fixture('write-storm'), '20000']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^% time +seconds +usecs\/call +calls +errors +syscall$/m);
  assert.match(r.stderr, /^ *[\d.]+ +[\d.]+ +\d+ +20000 +write$/m);
});

// -c keeps a thread's call in flight in its `traced` value: the launcher's execve (stamped while it was the
// launcher), a non-leader thread's execve (its state moved to the leader's id) and the new image's calls all count
test('ebpf: -c -f counts the launcher execve, a thread execve and the calls after it', () => {
  const r = runVat(['--engine', 'ebpf', '-f', '-c', '--', fixture('thread-exec', ['-pthread'])]);
  assert.equal(r.status, 5, r.stderr);
  assert.match(r.stderr, /^ *[\d.]+ +[\d.]+ +\d+ +2 +execve$/m);
  assert.match(r.stderr, /^ *[\d.]+ +[\d.]+ +\d+ +1 +getppid$/m);
  assert.match(r.stderr, /^ *[\d.]+ +[\d.]+ +\d+ +1 +pipe2$/m);
});

// other scopes keep it in the entries map: every write of the command, made at its first call
test('ebpf: --system-wide -c counts the command calls', () => {
  const r = runVat(['--system-wide', '-c', '--', fixture('write-storm'), '20000']);
  assert.equal(r.status, 0, r.stderr);
  const writes = /^ *[\d.]+ +[\d.]+ +\d+ +(\d+) +(?:\d+ +)?write$/m.exec(r.stderr);
  assert.ok(writes && Number(writes[1]) >= 20000, r.stderr);
});

// -c's programs capture nothing: the bpf_loop probe (one more program load per start) is not made for them
test('ebpf: -c loads its four programs and no probe (strace as the oracle)', () => {
  const log = join(dir, 'c-bpf.txt');
  const r = spawnSync(
    'strace',
    ['-f', '-e', 'trace=bpf', '-o', log, process.execPath, CLI, '-c', '--', '/bin/true'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const loads = [...readFileSync(log, 'utf8').matchAll(/BPF_PROG_LOAD, \{.*prog_name="(\w+)"/g)].map(
    (m) => m[1],
  );
  assert.deepEqual(loads, ['vat_sys_enter', 'vat_sys_exit', 'vat_exit', 'vat_exec']);
});

// -c keeps a thread's call in flight in its `traced` value: six threads on fewer CPUs switch and migrate all the time,
// and every call still counts once
test('ebpf: -c -f counts every call of threads that switch CPUs', () => {
  const r = runVat([
    '--engine',
    'ebpf',
    '-f',
    '-c',
    '--',
    fixture('thread-storm', ['-pthread']),
    '20000',
    '6',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^ *[\d.]+ +[\d.]+ +\d+ +120000 +getppid$/m);
});

// the reader writes a thread's lines after the thread may have exited: its process comes from its records, not from
// /proc (where an exited thread is gone), so every thread's lines carry its process's pid, as ptrace's do
test("ebpf: --json -f gives the lines of threads that have exited their process's pid", () => {
  const out = join(dir, 'threads.jsonl');
  const r = runVat([
    '--engine',
    'ebpf',
    '-f',
    '--json',
    '-o',
    out,
    '--',
    fixture('thread-storm', ['-pthread']),
    '200',
    '6',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const events = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"tid":'))
    .map((l) => JSON.parse(l) as { type: string; pid: number; tid: number; name?: string });
  const leader = events[0]?.pid;
  assert.ok(leader !== undefined);
  const threads = new Set(events.filter((e) => e.name === 'getppid').map((e) => e.tid));
  assert.equal(threads.size, 6);
  assert.ok(!threads.has(leader));
  // their calls, and their `attach` lines written from the fork records (the clone's flags say a thread)
  assert.equal(events.filter((e) => e.type === 'attach').length, 6);
  assert.deepEqual([...new Set(events.map((e) => e.pid))], [leader]);
});

// a thread that blocks leaves its CPU with its call in flight while another thread makes calls on the same CPU: the
// blocked call still counts once
test('ebpf: -c -f counts a call that blocked while another thread used its CPU', () => {
  const r = runVat(['--engine', 'ebpf', '-f', '-c', '--', fixture('cpu-share', ['-pthread'])]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^ *[\d.]+ +[\d.]+ +\d+ +1000 +getppid$/m);
  assert.match(r.stderr, /^ *[\d.]+ +[\d.]+ +\d+ +1 +readv$/m);
});

// a call that sleeps leaves its CPU in flight: its entry time comes back from the `traced` value
test('ebpf: -c times a call that slept off its CPU', () => {
  const r = runVat(['--engine', 'ebpf', '-c', '--', 'sleep', '0.3']);
  assert.equal(r.status, 0, r.stderr);
  const line = /^ *[\d.]+ +([\d.]+) +\d+ +1 +clock_nanosleep$/m.exec(r.stderr);
  assert.ok(line && Number(line[1]) >= 0.3 && Number(line[1]) < 1, r.stderr);
});

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'trace-event.v1.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

test('ebpf: a ring too small loses events, says how many, and the JSON still matches the schema', () => {
  const out = join(dir, 'lost.jsonl');
  const r = runVat([
    '--engine',
    'ebpf',
    '--ring-size',
    '4K',
    '--json',
    '-o',
    out,
    '--',
    fixture('write-storm'),
    '200000',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const m = /vat: (\d+) events lost \(ring buffer full\); use --ring-size/.exec(r.stderr);
  assert.ok(m, r.stderr);
  const events = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; count?: number });
  for (const e of events) assert.ok(validate(e), JSON.stringify(validate.errors));
  const lost = events.filter((e) => e.type === 'lost').reduce((n, e) => n + Number(e.count), 0);
  assert.equal(lost, Number(m[1]), 'the lost events add up to the total');
});

test('ebpf: losses are in the text trace where noticed, and under the -C table', () => {
  const out = join(dir, 'lost.txt');
  const r = runVat([
    '--engine',
    'ebpf',
    '--ring-size',
    '4K',
    '-C',
    '-o',
    out,
    '--',
    fixture('write-storm'),
    '200000',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const m = /^vat: (\d+) events lost \(ring buffer full\); use --ring-size$/m.exec(r.stderr);
  assert.ok(m, r.stderr);
  const text = readFileSync(out, 'utf8');
  const inTrace = [...text.matchAll(/^vat: (\d+) events lost \(ring buffer full\); use --ring-size$/gm)];
  assert.ok(inTrace.length > 0, 'the trace says so');
  assert.equal(
    inTrace.reduce((n, x) => n + Number(x[1]), 0),
    Number(m[1]),
  );
  assert.ok(
    text.includes(
      ` total\nvat: ${m[1]} events lost (ring buffer full); use --ring-size: the table does not count them\n`,
    ),
    'the line under the -C table',
  );
});

test('ebpf: --engine ebpf refuses what needs stops, in one line', () => {
  const r = runVat(['--engine', 'ebpf', '--syscall-limit', '3', '--', '/bin/true']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^vat: --engine ebpf: --syscall-limit .*; use --engine ptrace\n$/);
});

test('ebpf: --system-wide sees another shell cat /etc/hostname', async () => {
  const out = join(dir, 'wide.txt');
  // another shell, again until vat has its programs attached (start-up is slow on a loaded machine)
  const code = await traceWhile(['--system-wide', '-e', 'trace=openat', '-o', out], () => {
    spawnSync('sh', ['-c', 'cat /etc/hostname >/dev/null']);
  });
  assert.equal(code, 0);
  assert.match(readFileSync(out, 'utf8'), /^\d+ +openat\(AT_FDCWD, "\/etc\/hostname", O_RDONLY\) = \d+$/m);
});

test('ebpf: --cgroup sees that cgroup only', async () => {
  const out = join(dir, 'cgroup.txt');
  const code = await inTestCgroup('vat-test', (cg) =>
    traceWhile(['--cgroup', cg, '-e', 'trace=openat', '-o', out], () => {
      spawnSync('sh', ['-c', `echo $$ > ${cg}/cgroup.procs && cat /etc/hostname >/dev/null`]);
      spawnSync('sh', ['-c', 'cat /etc/passwd >/dev/null']);
    }),
  );
  assert.equal(code, 0);
  const text = readFileSync(out, 'utf8');
  assert.match(text, /"\/etc\/hostname"/);
  assert.doesNotMatch(text, /"\/etc\/passwd"/);
  assert.doesNotMatch(text, /sleep/);
});

test('ebpf: --system-wide -- CMD shows the command from its execve, not the launcher before it', () => {
  const pidFile = join(dir, 'wide-launch.pid');
  const out = join(dir, 'wide-launch.txt');
  const r = runVat(['--system-wide', '-o', out, '--', 'sh', '-c', `echo $$ > ${pidFile}`]);
  assert.equal(r.status, 0, r.stderr);
  const pid = readFileSync(pidFile, 'utf8').trim();
  const own = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${pid} `));
  assert.match(own[0] ?? '', new RegExp(`^${pid} +execve\\("/usr/bin/sh", \\["sh", "-c", `));
  assert.doesNotMatch(own.join('\n'), /SIGSTOP|perl/);
  assert.match(own.at(-1) ?? '', /\+\+\+ exited with 0 \+\+\+$/);
});

test("ebpf: --system-wide shows no ignored signal (every process's dropped SIGCHLD on the machine)", () => {
  const pidFile = join(dir, 'wide-ignored.pid');
  const out = join(dir, 'wide-ignored.txt');
  // fork-wait leaves SIGCHLD at its default: the kernel drops it at sending; -p or a launch would show it
  const cmd = `echo $$ > ${pidFile}; exec ${fixture('fork-wait')}`;
  const r = runVat(['--system-wide', '-e', 'trace=none', '-o', out, '--', 'sh', '-c', cmd]);
  assert.equal(r.status, 0, r.stderr);
  const pid = readFileSync(pidFile, 'utf8').trim();
  const text = readFileSync(out, 'utf8');
  assert.match(text, new RegExp(`^${pid} +\\+\\+\\+ exited with 0 \\+\\+\\+$`, 'm'));
  assert.doesNotMatch(text, new RegExp(`^${pid} +--- SIGCHLD`, 'm'));
});

test("ebpf: --cgroup shows an ignored signal of that cgroup's processes only", async () => {
  const out = join(dir, 'cgroup-ignored.txt');
  const inside: string[] = [];
  const outside: string[] = [];
  const pidOf = (cmd: string): string => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout.trim();
  // fork-wait's SIGCHLD is dropped at sending (default action): shown from signal_generate
  const fw = fixture('fork-wait');
  const code = await inTestCgroup('vat-test-sig', (cg) =>
    traceWhile(['--cgroup', cg, '-e', 'trace=none', '-o', out], () => {
      inside.push(pidOf(`echo $$ > ${cg}/cgroup.procs && echo $$ && exec ${fw} >/dev/null`));
      outside.push(pidOf(`echo $$ && exec ${fw} >/dev/null`));
    }),
  );
  assert.equal(code, 0);
  const text = readFileSync(out, 'utf8');
  const chld = (pid: string): boolean => new RegExp(`^${pid} +--- SIGCHLD \\{`, 'm').test(text);
  assert.ok(inside.some(chld), text);
  assert.deepEqual(outside.filter(chld), []);
});

test('ebpf: every program attaches as a raw tracepoint (closing a perf tracepoint event waits for RCU at every end)', () => {
  // the command lists its parent's fds: vat's, while it traces (with -f: the fork program too; -c: its own programs)
  for (const mode of [['-f'], ['-f', '-c']]) {
    const r = runVat([
      '--engine',
      'ebpf',
      ...mode,
      '-o',
      '/dev/null',
      '--',
      'sh',
      '-c',
      'ls -l /proc/$PPID/fd',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /anon_inode:bpf_link/, `${mode}: vat's attachments are seen`);
    assert.doesNotMatch(r.stdout, /anon_inode:\[perf_event\]/, `${mode}: no perf event`);
  }
});

test('ebpf: SIGKILL mid-trace leaves no program or map in the kernel', async () => {
  const out = join(dir, 'killed.txt');
  writeFileSync(out, '');
  const vat = spawn(process.execPath, [CLI, '--engine', 'ebpf', '-o', out, '--', 'sleep', '30'], {
    stdio: 'ignore',
  });
  const ids: { kind: 'prog' | 'map'; id: number }[] = [];
  for (let i = 0; i < 100 && ids.length === 0; i++) {
    await sleep(100);
    if (!readFileSync(out, 'utf8').includes('execve(')) continue;
    const fdDir = `/proc/${vat.pid}/fdinfo`;
    for (const fd of readdirSync(fdDir)) {
      const info = safeRead(join(fdDir, fd)); // an fd vat closed since the listing has no fdinfo
      const prog = /^prog_id:\s*(\d+)/m.exec(info);
      const map = /^map_id:\s*(\d+)/m.exec(info);
      if (prog) ids.push({ kind: 'prog', id: Number(prog[1]) });
      if (map && /bpf-map/.test(safeLink(`/proc/${vat.pid}/fd/${fd}`)))
        ids.push({ kind: 'map', id: Number(map[1]) });
    }
  }
  assert.ok(
    ids.some((o) => o.kind === 'prog') && ids.some((o) => o.kind === 'map'),
    'vat held programs and maps',
  );
  const children = readFileSync(`/proc/${vat.pid}/task/${vat.pid}/children`, 'utf8').trim().split(/\s+/);
  vat.kill('SIGKILL');
  await new Promise((r) => vat.on('exit', r));
  let left = ids;
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await sleep(100); // freed after an RCU grace period
    left = left.filter((o) => bpfObjectExists(o.kind, o.id));
  }
  assert.deepEqual(left, []);
  for (const pid of children) if (pid) process.kill(Number(pid), 'SIGKILL'); // the orphaned sleep
});

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function safeLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

test('auto: -Y, pidns, decode-fds=pidfd, -P and trace-fds (not built in the eBPF engine) choose ptrace and say why; ebpf refuses them', () => {
  for (const option of [
    ['-Y'],
    ['--decode-pids=pidns'],
    ['-e', 'decode-fds=pidfd'],
    ['-P', '/etc/hostname'],
    ['-e', 'trace-fds=3'],
  ]) {
    const auto = runVat(['--engine', 'auto', '-d', ...option, '-e', 'trace=none', '/bin/true']);
    assert.equal(auto.status, 0, auto.stderr);
    assert.match(auto.stderr, /^vat: engine ptrace: .*not .* by the eBPF engine yet$/m, option.join(' '));
    const ebpf = runVat(['--engine', 'ebpf', ...option, '-e', 'trace=none', '/bin/true']);
    assert.equal(ebpf.status, 1, ebpf.stderr);
    assert.match(ebpf.stderr, /^vat: --engine ebpf: .* yet; use --engine ptrace\n/);
  }
  const plain = runVat(['--engine', 'auto', '-d', '-e', 'trace=none', '/bin/true']);
  assert.match(plain.stderr, /^vat: engine ebpf: permitted/m);
});

test('a 32-bit command: auto chooses ptrace and ebpf refuses it (its calls are i386 ones); one a child execs under ebpf is said', {
  skip: needsIa32(),
}, () => {
  const exe = fixture('m32-corpus', ['-m32']);
  const auto = runVat(['-d', '-o', '/dev/null', exe]);
  assert.match(
    auto.stderr,
    /^vat: engine ptrace: a 32-bit command: the eBPF engine decodes x86_64 calls only /m,
  );
  const ebpf = runVat(['--engine', 'ebpf', '-o', '/dev/null', exe]);
  assert.equal(ebpf.status, 1, ebpf.stderr);
  assert.match(ebpf.stderr, /^vat: --engine ebpf: a 32-bit command: .*; use --engine ptrace$/m);
  const child = runVat(['--engine', 'ebpf', '-f', '-o', '/dev/null', '/bin/sh', '-c', `${exe}; true`]);
  assert.equal(child.status, 0, child.stderr);
  assert.match(
    child.stderr,
    /^vat: pid \d+ runs a 32-bit program: the eBPF engine shows its calls as x86_64's; use --engine ptrace$/m,
  );
});

test('the default engine is auto: eBPF here (-d says why); through a link named strace, ptrace', () => {
  const r = runVat(['-d', '-e', 'trace=none', '/bin/true']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^vat: engine ebpf: permitted, .*\(--engine auto, the default\)$/m);
  // a drop-in strace (the strace-suite runner's link to bin/vat) keeps strace's engine
  const link = join(dir, 'strace');
  symlinkSync(join(ROOT, 'bin', 'vat'), link);
  const asStrace = spawnSync(link, ['-d', '-e', 'trace=none', '/bin/true'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(asStrace.status, 0, asStrace.stderr);
  assert.match(
    asStrace.stderr,
    new RegExp(`^${link}: engine ptrace: the default under the name strace`, 'm'),
  );
  const asked = spawnSync(link, ['-d', '--engine', 'auto', '-e', 'trace=none', '/bin/true'], {
    encoding: 'utf8',
  });
  assert.match(asked.stderr, new RegExp(`^${link}: engine ebpf: permitted`, 'm'));
});

// a memory cgroup (v1 here) whose limit the 256 MiB ring exceeds: the kernel refuses the ring, not the probe's page
test('auto: eBPF the kernel refuses (a ring over the memory limit) falls back to ptrace, says why under -d; ebpf fails in one line', {
  skip: noMemcg,
}, () => {
  withMemoryCgroup('mem', 220 << 20, (run) => {
    const inCg = (engine: string) => run([process.execPath, CLI, ...engine.split(' ')]);
    const args = '--ring-size 256M -e trace=exit_group -- /bin/true';
    const auto = inCg(`-d ${args}`);
    assert.equal(auto.status, 0, String(auto.stderr));
    assert.match(String(auto.stderr), /^vat: engine ptrace: eBPF could not start: .*vat_ring.*$/m);
    assert.match(String(auto.stderr), /^exit_group\(0\) += \?$/m);
    const ebpf = inCg(`--engine ebpf ${args}`);
    assert.equal(ebpf.status, 1);
    assert.match(String(ebpf.stderr), /^vat: eBPF: cannot create map vat_ring: Cannot allocate memory\n$/);
  });
});
