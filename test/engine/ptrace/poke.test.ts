// inject's poke_enter/poke_exit at memory edges, against strace 6.1: `(INJECTED: args)` only when a byte was
// written (a write cut where memory ends counts), strace's warnings (couldn't poke, short write, the string's
// short read, an argument the call does not have), and the word-by-word ptrace fallback when a tracer above
// makes process_vm_writev fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, fixture, scratch } from '../../helpers/fixtures.js';
import { hasStrace, normalize, type Traced, traceWith } from '../../helpers/strace-oracle.js';

const POKES = [
  '-e',
  'trace=chdir,getcwd',
  '-e',
  'inject=chdir:poke_enter=@arg1=3f5354524143457374726163653f00',
  '-e',
  'inject=getcwd:poke_exit=@arg1=5374726163652100',
];

/** stderr without what two runs or two tracers word differently: the name, strace's function, pids, addresses. */
const warnings = (stderr: string): string =>
  stderr
    .replace(/^(strace: [a-z_]+|vat): /gm, 'TRACER: ')
    .replace(/(process |pid:)\d+/g, '$1PID')
    .replace(/0x[0-9a-f]+/g, 'ADDR');

function compare(options: readonly string[]): Traced {
  const exe = fixture('poke-edges');
  const s = traceWith('strace', options, [exe]);
  const v = traceWith('vat', options, [exe]);
  assert.equal(normalize(v.trace), normalize(s.trace));
  assert.equal(warnings(v.stderr), warnings(s.stderr));
  return v;
}

test('pokes at entry and exit, whole, cut by an unmapped page, or impossible: as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const v = compare(POKES);
  assert.equal(v.trace.split('(INJECTED: args)').length - 1, 5, v.trace);
  assert.match(warnings(v.stderr), /TRACER: pid:PID short write \(1 < 15\) @ADDR\n/);
  assert.match(warnings(v.stderr), /TRACER: short read \(8 < 4096\) @ADDR: Bad address\n/);
  assert.match(warnings(v.stderr), /couldn't poke/);
});

test('a poke of an argument the call does not have is refused at each call, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const v = compare(['-e', 'trace=chdir', '-e', 'inject=chdir:when=5+:poke_enter=@arg2=41']);
  assert.match(
    v.stderr,
    /requested to tamper with argument #2, but system call 'chdir' has only 1 arguments/,
  );
  assert.ok(!v.trace.includes('INJECTED'), v.trace);
});

/** The inner tracer's trace and stderr when an outer one of the same kind makes its process_vm_writev fail. */
function nested(tracer: 'strace' | 'vat'): { trace: string; stderr: string } {
  const dir = scratch();
  const out = join(dir, 'trace.txt');
  const self = tracer === 'vat' ? [process.execPath, CLI] : ['strace'];
  const outer = ['-o', '/dev/null', '-qq', '-e', 'signal=none', '-e', 'trace=process_vm_writev'];
  const argv = [
    ...self,
    ...outer,
    '-e',
    'fault=process_vm_writev',
    ...self,
    ...POKES,
    '-o',
    out,
    fixture('poke-edges'),
  ];
  const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', timeout: 120_000 });
  return { trace: readFileSync(out, 'utf8'), stderr: r.stderr };
}

test('process_vm_writev failing (a tracer above faults it): pokes go word by word through ptrace, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const s = nested('strace');
  const v = nested('vat');
  assert.equal(normalize(v.trace), normalize(s.trace));
  assert.equal(warnings(v.stderr), warnings(s.stderr));
  assert.match(warnings(v.stderr), /short write \(8 < 15\) @ADDR: Input\/output error/);
});
