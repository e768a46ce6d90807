// The library: trace() streams typed events from the tracer thread, readTrace() reads recorded traces into the
// same events, expectSyscalls() asserts; the examples run; the packed tarball works in an empty project.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main as traceCat } from '../../examples/trace-cat.js';
import {
  expectSyscalls,
  readTrace,
  SyscallAssertionError,
  TraceError,
  trace,
  type VatEvent,
} from '../../src/lib/index.js';
import { ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

const decoder = new TextDecoder();
const opened = (events: readonly VatEvent[]): string[] =>
  events.flatMap((e) => {
    const path = e.type === 'syscall' && e.name === 'openat' ? e.args[1] : undefined;
    return path?.k === 'str' ? [decoder.decode(path.bytes)] : [];
  });

test('trace() streams whole calls, the exec and the exit of cat /etc/hostname', async () => {
  const events: VatEvent[] = [];
  const run = trace(['cat', '/etc/hostname']);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1); // the caller's event loop keeps running meanwhile
  for await (const e of run) events.push(e);
  clearInterval(timer);
  assert.ok(ticks > 0, 'the event loop was never blocked');
  assert.equal((await run.outcome).status, 0);
  const exec = events.find((e) => e.type === 'exec');
  assert.ok(exec?.type === 'exec' && exec.path.endsWith('/cat') && exec.argv[1] === '/etc/hostname');
  const open = events.find(
    (e) => e.type === 'syscall' && e.name === 'openat' && opened([e])[0] === '/etc/hostname',
  );
  assert.ok(open?.type === 'syscall' && open.ret !== undefined && open.ret >= 0n, 'openat of /etc/hostname');
  assert.equal(open.pid, exec.pid);
  const exit = events.at(-1);
  assert.ok(exit?.type === 'exit' && exit.status === 0 && exit.pid === exec.pid);
});

test('trace() with a filter, following a child; failed calls carry the errno name', async () => {
  const events: VatEvent[] = [];
  for await (const e of trace(['sh', '-c', 'cat /nonexistent-vat-lib; true'], { filter: 'trace=openat' }))
    events.push(e);
  const calls = events.filter((e) => e.type === 'syscall');
  assert.ok(calls.every((c) => c.name === 'openat'));
  const failed = calls.find((c) => opened([c])[0] === '/nonexistent-vat-lib');
  assert.ok(failed?.type === 'syscall' && failed.errnoName === 'ENOENT');
  assert.ok(new Set(calls.map((c) => c.pid)).size >= 2, 'the shell and its child');
});

test('aborting detaches: the iteration ends and the command runs on', async () => {
  const controller = new AbortController();
  const run = trace(['sleep', '30'], { signal: controller.signal });
  let pid = 0;
  for await (const e of run) {
    if (e.type === 'exec') {
      pid = e.pid;
      controller.abort();
    }
  }
  assert.ok(pid > 0);
  const state = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
  assert.match(state, /^TracerPid:\s+0$/m, 'detached');
  process.kill(pid, 'SIGKILL');
});

test('errors are TraceErrors with a code', () => {
  assert.throws(
    () => trace(['/nonexistent/vat-lib-command']),
    (e: unknown) => e instanceof TraceError && typeof e.code === 'string' && /nonexistent/.test(e.message),
  );
  assert.throws(
    () => trace([]),
    (e: unknown) => e instanceof TraceError && e.code === 'EUSAGE',
  );
});

test('readTrace: a vat JSON Lines trace and an strace log give the same opens', async () => {
  const jsonl = join(dir, 'cat.jsonl');
  const log = join(dir, 'cat.log');
  assert.equal(runVat(['--json', '-f', '-o', jsonl, '--', 'cat', '/etc/hostname']).status, 0);
  spawnSync('strace', ['-f', '-o', log, 'cat', '/etc/hostname']);
  const a = opened(await readTrace(jsonl));
  const b = opened(await readTrace(log));
  assert.ok(a.includes('/etc/hostname'));
  assert.deepEqual(a, b);
  const fromLog = await readTrace(log);
  assert.ok(fromLog.some((e) => e.type === 'exit' && e.status === 0));
});

test('expectSyscalls: passes on what the program does, throws with each violation otherwise', async () => {
  await expectSyscalls(['cat', '/etc/hostname']).toOpenOnly(['/etc/**']);
  await expectSyscalls(['cat', '/etc/hostname']).notToCall(['connect']);
  await assert.rejects(expectSyscalls(['cat', '/etc/hostname']).toOpenOnly(['/usr/**']), (e: unknown) => {
    return e instanceof SyscallAssertionError && e.violations.some((v) => v.path === '/etc/hostname');
  });
  await assert.rejects(
    expectSyscalls(['cat', '/etc/hostname']).notToCall(['openat']),
    (e: unknown) => e instanceof SyscallAssertionError && /called openat/.test(e.message),
  );
});

test('the examples run: trace-cat prints its events, check-behaviour passes under node:test', async () => {
  // the README shows check-behaviour.ts as it is
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(readFileSync(join(ROOT, 'examples', 'check-behaviour.ts'), 'utf8')));
  const lines = await traceCat();
  assert.ok(lines.some((l) => l.startsWith('openat = ')));
  assert.ok(lines.includes('exit 0'));
  const r = spawnSync(process.execPath, ['--test', join(ROOT, 'build', 'examples', 'check-behaviour.js')], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('npm pack: the tarball installs in an empty project, streams events and its types resolve', {
  timeout: 600_000,
}, async () => {
  const pack = join(dir, 'pack');
  const app = join(dir, 'app');
  mkdirSync(pack);
  mkdirSync(app);
  // dist/ is built already (npm test builds first): pack it as it is
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', pack], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const tgz = readdirSync(pack).find((f) => f.endsWith('.tgz'));
  assert.ok(tgz);
  writeFileSync(join(app, 'package.json'), '{"name":"app","private":true,"type":"module"}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(pack, tgz)], {
    cwd: app,
    stdio: 'ignore',
  });
  writeFileSync(
    join(app, 'main.ts'),
    "import { trace, type VatEvent } from 'vat-trace';\nconst seen: VatEvent[] = [];\nfor await (const ev of trace(['cat', '/etc/hostname'])) seen.push(ev);\nconsole.log(seen.filter((e) => e.type === 'syscall').map((e) => e.name).join(' '));\nconsole.log(seen.at(-1)?.type);\n",
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    '{"compilerOptions":{"module":"NodeNext","moduleResolution":"NodeNext","target":"ES2022","strict":true,"skipLibCheck":false,"types":["node"],"typeRoots":["' +
      join(ROOT, 'node_modules', '@types') +
      '"]},"files":["main.ts"]}\n',
  );
  const tsc = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', app], {
    encoding: 'utf8',
  });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  // run it as JavaScript: the same code less its type annotations
  writeFileSync(
    join(app, 'main.mjs'),
    "import { trace } from 'vat-trace';\nconst seen = [];\nfor await (const ev of trace(['cat', '/etc/hostname'])) seen.push(ev);\nconsole.log(seen.filter((e) => e.type === 'syscall').map((e) => e.name).join(' '));\nconsole.log(seen.at(-1)?.type);\n",
  );
  const child = spawn(process.execPath, [join(app, 'main.mjs')], { cwd: app });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.match(out, /\bopenat\b/);
  assert.match(out, /\nexit\n$/);
});
