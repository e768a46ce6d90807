// The README's walkthrough of what the sandbox enforces and what only `profile check` sees: its console block
// is run command by command (./vat is the built CLI) and each output compared, pids and counts aside.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, ROOT, scratch } from '../helpers/fixtures.js';
import { consoleBlocks } from '../helpers/readme.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

const HEADING = '### What the sandbox enforces, and what only `profile check` sees';

/** The section's console block as [command, expected output lines] pairs. */
function steps(): [string, readonly string[]][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(HEADING), 'the walkthrough is in the README');
  const block = consoleBlocks(readme.slice(readme.indexOf(HEADING)))[0] ?? [];
  return block.map((s) => [s.command, s.expected]);
}

const normal = (line: string): string =>
  line.replace(/pid \d+/g, 'pid N').replace(/\d+ x86_64 syscall name/, 'N x86_64 syscall name');

test('README security walkthrough: every command gives the output shown', () => {
  const vat = join(dir, 'vat');
  writeFileSync(vat, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
  chmodSync(vat, 0o755);
  const all = steps();
  assert.ok(all.length >= 4, 'record, check, and the sandbox both ways');
  for (const [command, expected] of all) {
    const r = spawnSync('sh', ['-c', `exec 2>&1\n${command}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const got = r.stdout.split('\n').filter((l) => l !== '');
    assert.deepEqual(got.map(normal), expected.map(normal), command);
  }
});
