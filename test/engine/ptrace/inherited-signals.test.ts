// The traced command inherits the signals vat's parent left ignored and blocked, as under strace and untraced:
// `nohup vat -- job` must survive a hangup, a background job keeps its ignored SIGINT. Node resets both when
// it starts, so the installed command (bin/vat) notes them first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, scratch } from '../../helpers/fixtures.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

const BIN = join(ROOT, 'bin', 'vat');
/**
 * Runs argv with SIGHUP, SIGINT and SIGCHLD ignored and SIGUSR1 blocked, as a parent such as nohup or a shell would
 * (SIGCHLD: strace's sigign.test; Perl, as bin/vat, sets an ignored SIGCHLD back to default when it starts).
 */
const PARENT = [
  '-e',
  'use POSIX; $SIG{HUP} = $SIG{INT} = $SIG{CHLD} = "IGNORE"; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR1)); exec @ARGV or die',
];
/**
 * Prints its SigIgn and SigBlk and how many VAT_ variables it got. awk: sh would reset the mask, and Perl ignores
 * SIGFPE while it runs (a Perl probe hid a shim that passed Perl's own SIGFPE on as the parent's).
 */
const PROBE = [
  'awk',
  'BEGIN { while ((getline l < "/proc/self/status") > 0) if (l ~ /^Sig(Ign|Blk)/) print l; n = 0; for (k in ENVIRON) if (k ~ /^VAT_/) n++; print n }',
];

function seen(tracer: readonly string[]): string {
  const r = spawnSync('perl', [...PARENT, ...tracer, ...PROBE], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const untraced = seen([]);

test('the parent really left signals ignored and blocked (the probe sees them untraced)', () => {
  const mask = (name: string): bigint =>
    BigInt(`0x${new RegExp(`^${name}:\\s+(\\w+)$`, 'm').exec(untraced)?.[1]}`);
  assert.equal(mask('SigIgn') & 0x10003n, 0x10003n); // SIGHUP, SIGINT, SIGCHLD
  assert.equal(mask('SigBlk') & 0x200n, 0x200n); // SIGUSR1
  assert.match(untraced, /^0$/m);
});

test('inherited signals: the command sees what it sees untraced and under strace (ptrace engine)', () => {
  assert.equal(seen(['strace', '-o', join(dir, 's.txt')]), untraced);
  assert.equal(seen([BIN, '-o', join(dir, 'p.txt')]), untraced);
  assert.match(readFileSync(join(dir, 'p.txt'), 'utf8'), /^execve\("[^"]*\/awk", \["awk", "BEGIN/m);
});

test('inherited signals: the same with -f, and with the eBPF engine', () => {
  assert.equal(seen([BIN, '-f', '-o', join(dir, 'f.txt')]), untraced);
  assert.equal(seen([BIN, '--engine', 'ebpf', '-o', join(dir, 'e.txt')]), untraced);
});

test('inherited signals: -D, where vat itself becomes the command', () => {
  assert.equal(seen([BIN, '-D', '-o', join(dir, 'd.txt')]), untraced);
});

test('a signal left pending while blocked (strace never receives it) does not kill vat: -I2 traces on, as strace', () => {
  // the parent blocks SIGHUP, sets it to default, raises it, then runs the tracer (the suite's interactive_block)
  const pending =
    'use POSIX; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGHUP)); $SIG{HUP} = "DEFAULT"; kill "HUP", $$; exec @ARGV or die';
  const run = (tracer: readonly string[], out: string) =>
    spawnSync('perl', ['-e', pending, ...tracer, '-I2', '-e', 'trace=chdir', '-o', out, 'sh', '-c', 'cd /'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
  const s = run(['strace'], join(dir, 'hs.txt'));
  const v = run([BIN], join(dir, 'hv.txt'));
  assert.equal(s.status, 0, s.stderr);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(readFileSync(join(dir, 'hv.txt'), 'utf8'), readFileSync(join(dir, 'hs.txt'), 'utf8'));
});
