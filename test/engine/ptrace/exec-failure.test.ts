// A failed exec never shows vat's launcher: strace's `exec: REASON`, exit 1, and a trace with only the failed
// execve (compared with strace). A command that dies of a signal makes vat die of it too (a parent sees -11).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, scratch } from '../../helpers/fixtures.js';
import { messages, normalize, traceWith } from '../../helpers/strace-oracle.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));
const script = join(dir, 'no-shebang');
writeFileSync(script, 'echo from the script\n');
chmodSync(script, 0o755);
const plain = join(dir, 'not-executable');
writeFileSync(plain, 'echo nope\n');
const folder = join(dir, 'a-directory');
mkdirSync(folder);

// both engines launch the command their own way (a shell whose execve ptrace rewrites; perl's raw execve for eBPF)
for (const engine of ['ptrace', 'ebpf'])
  for (const [what, path, reason] of [
    ['a script without a shebang', script, 'Exec format error'],
    ['a directory', folder, 'Permission denied'],
    ['a file without x permission', plain, 'Permission denied'],
  ] as const)
    for (const options of [[], ['-e', 'trace=openat'], ['-f', '-e', 'trace=openat']])
      test(`--engine ${engine}, ${what} (${options.join(' ') || 'all calls'}): as strace, exec: ${reason}, exit 1`, () => {
        const vat = traceWith('vat', ['--engine', engine, ...options], [path]);
        const strace = traceWith('strace', options, [path]);
        assert.equal(vat.stdout, '', 'nothing ran');
        assert.equal(vat.status, 1, vat.stderr);
        assert.equal(messages(vat.stderr), `TRACER: exec: ${reason}\n`);
        assert.equal(messages(vat.stderr), messages(strace.stderr));
        // strace's own child looks up a message catalogue for its perror(): not the command's doing
        const own = (t: string): string => t.replace(/^.*"\/usr\/share\/locale\/.*\n/gm, '');
        assert.equal(normalize(vat.trace), normalize(own(strace.trace)));
      });

test("a missing command: strace's Can't stat, the command never starts", () => {
  const r = spawnSync(process.execPath, [CLI, '--', join(dir, 'missing')], { encoding: 'utf8' });
  assert.equal(r.stderr, `vat: Can't stat '${join(dir, 'missing')}': No such file or directory\n`);
  assert.equal(r.status, 1);
});

test("death by signal: a parent sees vat die of the command's signal (-11, -6, -15), no core file", () => {
  const code = [
    'import subprocess, sys',
    'for sig in ("SEGV", "ABRT", "TERM"):',
    `    r = subprocess.run([sys.argv[1], sys.argv[2], "-o", "/dev/null", "--", "sh", "-c", "kill -%s $$" % sig], cwd=sys.argv[3])`,
    '    print(r.returncode)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', code, process.execPath, CLI, dir], { encoding: 'utf8' });
  assert.equal(r.stdout, '-11\n-6\n-15\n', r.stderr);
  const cores = spawnSync('sh', ['-c', 'ls core* 2>/dev/null | wc -l'], { cwd: dir, encoding: 'utf8' });
  assert.equal(cores.stdout.trim(), '0');
});
