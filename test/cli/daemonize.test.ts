// -D/-DD/-DDD against strace 6.1: the command is the caller's direct child, the tracer sits where strace's
// does (grandchild, own process group, own session), and the trace is strace's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';
import { normalize } from '../helpers/strace-oracle.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The detached tracer finishes on its own: wait for the command's last line in its output. */
async function finished(path: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (/\+\+\+ exited with \d+ \+\+\+\n$/.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no end of trace in ${path}`);
}

function run(tracer: 'strace' | 'vat', options: readonly string[], out: string) {
  const argv = [...options, '-o', out, '--', fixture('daemon-who')];
  const r =
    tracer === 'vat'
      ? spawnSync(process.execPath, [CLI, ...argv], { encoding: 'utf8', timeout: 60_000 })
      : spawnSync('strace', argv, { encoding: 'utf8', timeout: 60_000 });
  // the command is the caller's own child: its parent is this test process
  return {
    status: r.status,
    stdout: r.stdout.replace(`ppid=${process.pid} `, 'ppid=CALLER '),
    stderr: r.stderr,
  };
}

for (const options of [
  ['-D'],
  ['-DD'],
  ['-D', '-D', '-D'],
  ['--daemonize=grandchild'],
  ['--daemonize=session'],
]) {
  test(`${options.join(' ')}: what the command sees, its status and its trace are strace's`, async () => {
    const dir = scratch();
    dirs.push(dir);
    const s = run('strace', options, join(dir, 's.txt'));
    const v = run('vat', options, join(dir, 'v.txt'));
    assert.equal(s.status, 3, s.stderr);
    assert.equal(v.status, 3, v.stderr);
    assert.match(s.stdout, /^ppid=CALLER /);
    assert.equal(v.stdout, s.stdout);
    // what the command reads of /proc names the tracer (its pid, name and sizes): kept out
    const trace = (t: string): string =>
      normalize(t)
        .replace(/^(write\(1|read\(3), .*$/gm, '$1, ...)')
        .replace(/\/proc\/\d+\//g, '/proc/N/');
    const [st, vt] = [await finished(join(dir, 's.txt')), await finished(join(dir, 'v.txt'))];
    assert.equal(trace(vt), trace(st));
  });
}

test('-D needs a command, as strace says', () => {
  const r = spawnSync(process.execPath, [CLI, '-D', '-p', '1'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  // strace's error_msg_and_help: the usage hint follows
  assert.equal(
    r.stderr,
    "vat: PROG [ARGS] must be specified with -D/--daemonize\nTry 'vat -h' for more information.\n",
  );
});
