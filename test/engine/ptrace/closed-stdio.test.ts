// A command started with fd 0, 1 or 2 closed finds it closed, as untraced and under strace (the suite's
// redirect-fds). Node opens /dev/null on closed standard fds before any JavaScript runs, so bin/vat names them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, scratch } from '../../helpers/fixtures.js';

const BIN = join(ROOT, 'bin', 'vat');

/** Which of fds 0-2 the command had open, when `tracer` ran with `closes` (`<&- 2>&-`) applied. */
function openFds(tracer: string, closes: string): string {
  const dir = scratch();
  const out = join(dir, 'fds.txt');
  const probe = `r=; for fd in 0 1 2; do [ -e /proc/$$/fd/$fd ] && r=$r$fd; done; echo "[$r]" > ${out}`;
  const r = spawnSync(
    'sh',
    ['-c', `exec ${tracer} -o ${join(dir, 'trace.txt')} -e none sh -c '${probe}' ${closes}`],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

// each engine has its own launcher (a shell for ptrace, perl for eBPF, which opens /dev/null on a closed stdin)
for (const engine of ['ptrace', 'ebpf'])
  for (const closes of ['<&-', '>&-', '2>&-', '<&- >&- 2>&-', '>&- 2>&-', '']) {
    test(`--engine ${engine}, standard fds closed (${closes || 'none'}): the command sees what it sees under strace`, () => {
      const s = openFds('strace', closes);
      assert.equal(openFds(`${BIN} --engine ${engine}`, closes), s);
    });
  }

// Under `unshare -p` the shell's $$ is a pid of the new namespace that the mounted /proc does not show: bin/vat
// must look at /proc/self, or it takes every fd for closed and the command loses its output (the suite's
// *--pidns-translation tests)
test('in a new pid namespace: the command keeps its standard fds', (t) => {
  const probe = spawnSync('unshare', ['-Urpf', 'true']);
  if (probe.status !== 0) {
    t.skip('unshare -Urpf is not permitted here');
    return;
  }
  const r = spawnSync(
    'unshare',
    ['-Urpf', BIN, '-o', '/dev/null', '--', 'sh', '-c', 'echo out; echo err >&2'],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
});
