// strace's redirect test: once the command runs, the tracer holds neither its stdin nor its stdout, so a command
// that closes them in a pipeline lets go of the pipe (the writer before it gets SIGPIPE, the reader after it
// EOF). Each pipeline waits for that to happen; a tracer holding the pipe would hang it until the time bound.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CLI, tempDir } from '../../helpers/fixtures.js';
import { hasStrace } from '../../helpers/strace-oracle.js';

const VAT = `'${process.execPath}' '${CLI}'`;

/** Runs `script` (TRACER and DIR filled in) under sh; true when it finished by itself, not at the bound. */
function pipelineEnds(tracer: string, script: string): boolean {
  const dir = tempDir('vat-release-stdio-');
  const r = spawnSync('sh', ['-c', script.replaceAll('TRACER', tracer).replaceAll('DIR', dir)], {
    timeout: 60_000,
    stdio: 'ignore',
  });
  return r.signal === null && r.status === 0;
}

// the command closes its stdin; `yes` before it must die of SIGPIPE while the command still runs
const stdin = `{ yes; touch DIR/gone; } | TRACER -qq -e trace=none sh -c 'exec <&-; until [ -f DIR/gone ]; do sleep 0.05; done'`;
// the command closes its stdout; `cat` after it must see EOF while the command still runs
const stdout = `TRACER -qq -e trace=none sh -c 'exec >&-; until [ -f DIR/gone ]; do sleep 0.05; done' | { cat >/dev/null; touch DIR/gone; }`;

// both engines: vat lets go of its stdin and stdout once the command runs
for (const engine of ['ptrace', 'ebpf']) {
  test(`--engine ${engine}: a command that closes its stdin lets go of the pipe, as under strace`, () => {
    if (hasStrace) assert.ok(pipelineEnds('strace', stdin), 'strace');
    assert.ok(pipelineEnds(`${VAT} --engine ${engine}`, stdin));
  });

  test(`--engine ${engine}: a command that closes its stdout lets go of the pipe, as under strace`, () => {
    if (hasStrace) assert.ok(pipelineEnds('strace', stdout), 'strace');
    assert.ok(pipelineEnds(`${VAT} --engine ${engine}`, stdout));
  });
}
