// What a short trace loads at start-up (BENCHMARKS.md, "Start-up, stop 29"): the bundled CLI, as bin/vat runs it,
// with a probe preloaded (`node --require`, no V8 flag: the code cache stays valid) that notes at exit whether
// Node's v8 module was loaded and which of three xlat entries were parsed (the generated tables' entries are JSON
// texts parsed at their first read). Each was in every trace's start-up before: node:v8 (~7.7 M instructions)
// for the eBPF engine's heap bounds, ioctl_cmd (the largest entry) for two KVM constants of the eBPF fd names,
// clock_id and audit_arch for the ptrace stop step's numbers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, scratch } from '../helpers/fixtures.js';

/** Names in the JSON text of an xlat entry: KVM_CREATE_VM in ioctl_cmd's, the others in audit_arch's and clock_id's. */
const ENTRY_NAMES = ['KVM_CREATE_VM', 'AUDIT_ARCH_X86_64', 'CLOCK_MONOTONIC'];

const PROBE = `const names = ${JSON.stringify(ENTRY_NAMES)};
const parse = JSON.parse;
const parsed = new Set();
JSON.parse = function (text, reviver) {
  if (typeof text === 'string') for (const n of names) if (text.includes('"' + n + '"')) parsed.add(n);
  return parse.call(this, text, reviver);
};
process.once('exit', () => {
  const v8 = process.moduleLoadList.includes('NativeModule v8');
  require('node:fs').writeFileSync(process.env.VAT_PROBE_OUT, JSON.stringify({ v8, parsed: [...parsed].sort() }));
});
`;

interface Loaded {
  readonly v8: boolean;
  readonly parsed: readonly string[];
}

/** `vat --engine ENGINE ARGS -o FILE -- /bin/true` from dist/cli.cjs with the probe; what it saw. */
function loaded(engine: string, args: readonly string[]): Loaded {
  const dir = scratch();
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, PROBE);
  const out = join(dir, 'loaded.json');
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      probe,
      join(ROOT, 'dist', 'cli.cjs'),
      '--engine',
      engine,
      ...args,
      '-o',
      join(dir, 'trace.txt'),
      '--',
      '/bin/true',
    ],
    { encoding: 'utf8', timeout: 60_000, env: { ...process.env, VAT_PROBE_OUT: out } },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return JSON.parse(readFileSync(out, 'utf8')) as Loaded;
}

for (const args of [['-c'], ['-f']])
  test(`an eBPF ${args.join(' ')} trace of /bin/true loads neither node:v8 nor the tables it does not read`, () => {
    assert.deepEqual(loaded('ebpf', args), { v8: false, parsed: [] });
  });

test('a ptrace -c trace of /bin/true reads its stop step numbers, and neither node:v8 nor ioctl_cmd', () => {
  // the probe sees what it is asked about: the stop step's entries are parsed when a stop step opens
  assert.deepEqual(loaded('ptrace', ['-c']), { v8: false, parsed: ['AUDIT_ARCH_X86_64', 'CLOCK_MONOTONIC'] });
});
