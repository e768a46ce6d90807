// --secontext[=full|mismatch]: strace's format words, the part of a context it prints and how it quotes it, the
// reads behind it (an extended attribute, /proc/PID/attr/current), and traces: with SELinux, contexts after fds
// and paths and before each line; without it (as here), the very trace vat prints without the option.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSecontext } from '../../src/cli/strace-extras.js';
import { contextPart } from '../../src/decode/args/secontext.js';
import { quoteContext } from '../../src/model/quote.js';
import { fileContext, processContext, selinuxEnabled } from '../../src/sys/selinux.js';
import { CLI, scratch } from '../helpers/fixtures.js';

test('--secontext words: a bare option is !full,mismatch (the type alone), as strace', () => {
  assert.deepEqual(parseSecontext(undefined), { full: false, mismatch: false });
  assert.deepEqual(parseSecontext('!full,mismatch'), { full: false, mismatch: false });
  assert.deepEqual(parseSecontext('full'), { full: true, mismatch: false });
  assert.deepEqual(parseSecontext('mismatch'), { full: false, mismatch: true });
  assert.deepEqual(parseSecontext('full,mismatch'), { full: true, mismatch: true });
  assert.deepEqual(parseSecontext('all'), { full: true, mismatch: true });
  assert.deepEqual(parseSecontext('!full'), { full: false, mismatch: true });
  assert.equal(parseSecontext('none'), undefined);
  assert.throws(() => parseSecontext('full,typo'), /invalid secontext 'typo'/);
});

test('--secontext prints the type unless full, with [ ] ! and unprintable bytes escaped', () => {
  assert.equal(contextPart('system_u:object_r:etc_t:s0', false), 'etc_t');
  assert.equal(contextPart('system_u:object_r:etc_t:s0', true), 'system_u:object_r:etc_t:s0');
  assert.equal(contextPart('unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023\n', false), 'unconfined_t');
  assert.equal(contextPart('u:r:t', false), 't');
  assert.equal(contextPart('kernel', false), 'kernel');
  assert.equal(contextPart('a:b\n\n', false), 'a:b');
  assert.equal(quoteContext('x[1]!y'), 'x\\1331\\135\\41y');
  assert.equal(quoteContext('x[1]!y', 1), 'x\\x5b1\\x5d\\x21y');
  assert.equal(quoteContext('a\nb\x1b'), 'a\\nb\\33');
});

test('file contexts are read from an extended attribute, as getfilecon reads security.selinux', (t) => {
  const file = join(scratch(), 'f');
  writeFileSync(file, '');
  const set = spawnSync('python3', [
    '-c',
    'import os,sys; os.setxattr(sys.argv[1], "user.vat_test", b"sys_u:obj_r:tmp_t:s0\\0")',
    file,
  ]);
  if (set.status !== 0) {
    t.skip('this file system keeps no user.* attributes');
    return;
  }
  assert.equal(fileContext(file, 'user.vat_test'), 'sys_u:obj_r:tmp_t:s0');
  assert.equal(fileContext(file, 'user.vat_absent'), undefined);
  assert.equal(fileContext(join(file, 'missing')), undefined);
});

/** `vat OPTIONS -o FILE -- cat FILE` and the trace. */
function catTrace(
  options: readonly string[],
  target: string,
): { trace: string; stderr: string; status: number | null } {
  const out = join(scratch(), 'trace.txt');
  const r = spawnSync(
    process.execPath,
    [CLI, ...options, '-e', 'trace=openat,read,close', '-o', out, '--', 'cat', target],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { trace: existsSync(out) ? readFileSync(out, 'utf8') : '', stderr: r.stderr, status: r.status };
}

test('--secontext with SELinux: [type] after paths and fds, and before each line', (t) => {
  if (!selinuxEnabled()) {
    t.skip('SELinux is not enabled here (no /sys/fs/selinux): no context to print');
    return;
  }
  const target = join(scratch(), 'file');
  writeFileSync(target, 'x');
  const fileCtx = spawnSync('stat', ['-c', '%C', target], { encoding: 'utf8' }).stdout.trim();
  // cat runs in the context this test runs in, unless the policy gives cat's file another one on exec
  const selfCtx = processContext(process.pid) ?? '';
  const full = catTrace(['--secontext=full'], target);
  assert.equal(full.status, 0, full.stderr);
  const line = full.trace.split('\n').find((l) => l.includes(`"${target}"`)) ?? '';
  assert.match(line, /^\[[^\]]+\] openat\(/);
  assert.ok(line.includes(`"${target}" [${fileCtx}], O_RDONLY) = 3 [${fileCtx}]`), line);
  const type = catTrace(['--secontext'], target);
  const typeLine = type.trace.split('\n').find((l) => l.includes(`"${target}"`)) ?? '';
  assert.ok(typeLine.includes(`"${target}" [${fileCtx.split(':')[2]}]`), typeLine);
  if (selfCtx.length > 0) assert.match(typeLine, /^\[[^:\]]+\] /);
  // strace as the oracle where it was built with SELinux support
  if (/secontext/.test(spawnSync('strace', ['-V'], { encoding: 'utf8' }).stdout)) {
    const out = join(scratch(), 'strace.txt');
    spawnSync('strace', [
      '--secontext=full',
      '-e',
      'trace=openat,read,close',
      '-o',
      out,
      '--',
      'cat',
      target,
    ]);
    const strace = readFileSync(out, 'utf8')
      .split('\n')
      .find((l) => l.includes(`"${target}"`));
    assert.equal(line, strace);
  }
});

test('--secontext without SELinux: the trace is the one vat prints without it', (t) => {
  if (selinuxEnabled()) {
    t.skip('SELinux is enabled here: the test above checks the contexts');
    return;
  }
  const plain = catTrace([], '/etc/hostname');
  for (const options of [['--secontext'], ['--secontext=full,mismatch'], ['-e', 'secontext=mismatch']]) {
    const r = catTrace(options, '/etc/hostname');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.trace, plain.trace, options.join(' '));
  }
});
