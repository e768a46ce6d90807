// strace 6.1's handling of options without their companions: -w/-U need -c/-C (error), -S has no effect
// (warning), -ff without -o runs as -f, --seccomp-bpf without -f is turned off (with a warning only when it
// was asked for). A symlink to ./vat runs the checkout it points into.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

test('-w and -U without -c/-C are errors, -S a warning, as strace 6.1 says', () => {
  for (const [opts, message, status] of [
    [['-w'], '-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)', 2],
    [['-U', 'name'], '-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)', 2],
    [['-S', 'time'], '-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)', 0],
  ] as const) {
    const vat = runVat([...opts, '-o', '/dev/null', '--', 'true']);
    const strace = spawnSync('strace', [...opts, '-o', '/dev/null', '--', 'true'], { encoding: 'utf8' });
    assert.equal(vat.stderr.split('\n')[0], `vat: ${message}`);
    assert.equal(strace.stderr.split('\n')[0], `strace: ${message}`);
    assert.equal(vat.status, strace.status === 0 ? status : strace.status);
  }
});

test('-ff without -o runs as -f', () => {
  const r = runVat(['-ff', '-e', 'trace=exit_group', '--', 'sh', '-c', 'true & wait']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.match(/\+\+\+ exited with 0 \+\+\+/g)?.length, 2, r.stderr);
});

test('a symlink to ./vat runs vat from the checkout', () => {
  const link = join(dir, 'vat');
  symlinkSync(join(ROOT, 'vat'), link);
  const r = spawnSync(link, ['errno', 'ENOENT'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ENOENT/);
});

test('-v with -e trace= says nothing of the seccomp filter; --seccomp-bpf without -f warns, as strace 6.1', () => {
  for (const opts of [
    ['-v', '-e', 'trace=openat'],
    ['-f', '-v', '-e', 'trace=openat'],
    ['--seccomp-bpf', '-e', 'trace=openat'],
    ['--seccomp-bpf', '-v', '-e', 'trace=openat'],
  ]) {
    const vat = runVat([...opts, '-o', '/dev/null', '--', 'true']);
    const strace = spawnSync('strace', [...opts, '-o', '/dev/null', '--', 'true'], { encoding: 'utf8' });
    assert.equal(vat.stderr, strace.stderr.replaceAll('strace: ', 'vat: '), opts.join(' '));
    assert.equal(vat.status, strace.status, opts.join(' '));
  }
});
