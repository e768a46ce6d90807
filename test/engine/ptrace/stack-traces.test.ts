// -k against strace -k on the same binaries: a known chain (main -> middle -> write) built with and without
// frame pointers, in the launched process and in a child (-f); the JSON and Perfetto forms; a missing library.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fixture, ROOT, scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = scratch();
  dirs.push(d);
  return d;
};

const BUILDS = {
  'frame pointers, -O0': ['-O0', '-fno-omit-frame-pointer'],
  'no frame pointers, -O2': ['-O2', '-fomit-frame-pointer'],
} as const;

/** The ` > ` lines after each `write(` line of a trace, one list per write. */
function writeStacks(text: string): string[][] {
  const stacks: string[][] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(' > ')) current?.push(line);
    else if (/^(\[pid +\d+\] |\d+ +)?write\(/.test(line)) {
      current = [];
      stacks.push(current);
    } else current = undefined;
  }
  return stacks;
}

function straceK(args: string[]): string {
  const out = join(tmp(), 'strace.txt');
  execFileSync('strace', ['-k', '-o', out, ...args], { stdio: 'ignore' });
  return readFileSync(out, 'utf8');
}

function vatK(args: string[]): string {
  const out = join(tmp(), 'vat.txt');
  const r = runVat(['-k', '-o', out, ...args]);
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

/** Every frame strace names is in vat's stack, in the same order, and the chain is there by name. */
function assertSameFrames(vat: string[] | undefined, strace: string[] | undefined): void {
  assert.ok(strace && strace.length >= 3, `strace -k gave a stack: ${strace}`);
  assert.ok(vat, 'vat printed a stack');
  let at = 0;
  for (const frame of strace) {
    const found = vat.indexOf(frame, at);
    assert.ok(found >= 0, `frame ${frame} missing from\n${vat.join('\n')}`);
    at = found + 1;
  }
  const names = vat.map((l) => /\((.*)\+0x[0-9a-f]+\) \[/.exec(l)?.[1]);
  const chain = ['__write', 'chain::middle(char const*)', 'main'];
  assert.deepEqual(
    names.filter((n) => chain.includes(n ?? '')),
    chain,
    vat.join('\n'),
  );
}

for (const [label, flags] of Object.entries(BUILDS)) {
  test(`-k names every frame strace -k names: ${label}`, () => {
    const bin = fixture('stack-chain', flags);
    const args = ['-e', 'trace=write', '--', bin];
    const vat = writeStacks(vatK(args));
    const strace = writeStacks(straceK(args));
    assert.equal(vat.length, 1);
    assertSameFrames(vat[0], strace[0]);
  });
}

test('-k -f: the child of a fork unwinds as under strace', () => {
  const bin = fixture('stack-chain', BUILDS['no frame pointers, -O2']);
  const args = ['-f', '-e', 'trace=write', '--', bin, 'fork'];
  const vat = writeStacks(vatK(args));
  const strace = writeStacks(straceK(args));
  assert.equal(vat.length, 1);
  assertSameFrames(vat[0], strace[0]);
});

test('-k --json: a stack array of {module, symbol, offset, address} that the schema accepts', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'trace-event.v1.schema.json'), 'utf8'));
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  const bin = fixture('stack-chain', BUILDS['no frame pointers, -O2']);
  const out = join(tmp(), 'trace.jsonl');
  const r = runVat(['-k', '--json', '-o', out, '-e', 'trace=write', '--', bin]);
  assert.equal(r.status, 0, r.stderr);
  const records = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l.replace(/"ts":(\d+)/, '"ts":"$1"')) as Record<string, unknown>);
  const write = records.find((e) => e.name === 'write');
  assert.ok(write, 'the write call is there');
  assert.ok(validate({ ...write, ts: Number(write.ts) }), JSON.stringify(validate.errors));
  const text = writeStacks(vatK(['-e', 'trace=write', '--', bin]))[0] ?? [];
  const stack = write.stack as { module: string; symbol?: string; offset?: number; address: string }[];
  // the JSON frames say what the text frames say
  assert.deepEqual(
    stack.map((f) => ` > ${f.module}(${f.symbol}+0x${f.offset?.toString(16)}) [${f.address}]`),
    text,
  );
  // the schema holds frames to their fields: a misspelt one is refused
  const bad = { ...write, ts: Number(write.ts), stack: [{ ...stack[0], modul: 'x' }] };
  assert.equal(validate(bad), false);

  // Perfetto: the slice carries the stack as its arguments
  const perfetto = join(tmp(), 'trace.json');
  const c = runVat(['convert', out, '--to', 'perfetto', '-o', perfetto]);
  assert.equal(c.status, 0, c.stderr);
  const slices = (JSON.parse(readFileSync(perfetto, 'utf8')) as { traceEvents: Record<string, unknown>[] })
    .traceEvents;
  const slice = slices.find((e) => e.name === 'write' && e.ph === 'X') as { args: { stack: string[] } };
  assert.deepEqual(
    slice.args.stack,
    text.map((l) => l.slice(3)),
  );
});

test('-k without libunwind says what to install; tracing without -k still works', () => {
  const env = { ...process.env, VAT_LIBUNWIND_PTRACE: 'libunwind-ptrace-missing.so.0' };
  const r = runVat(['-k', '-e', 'trace=write', '--', '/bin/echo', 'hi'], { env });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '', 'the command did not run');
  assert.match(r.stderr, /^vat: -k needs libunwind-ptrace-missing\.so\.0 .*install libunwind.*\n$/);
  const plain = runVat(['-e', 'trace=write', '--', '/bin/echo', 'hi'], { env });
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stderr, /^write\(1, "hi\\n", 3\) += 3$/m);
});

test('-k stops the walk at code outside any file, as strace does', () => {
  // strace prints `unexpected_backtracing_error [0xADDR]` for the frame in no file and stops
  const bin = fixture('stack-jit');
  const out = vatK(['-e', 'trace=getpid', '--', bin]);
  assert.match(
    out,
    /^getpid\(\) += \d+\n > unexpected_backtracing_error \[0x[0-9a-f]+\]\n\+\+\+ exited with 0/m,
  );
  const s = spawnSync('strace', ['-k', '-e', 'trace=getpid', bin], { encoding: 'utf8' });
  assert.match(s.stderr, / > unexpected_backtracing_error \[0x[0-9a-f]+\]\n/);
});

test("-k's own symbol lookup (per-file tables) names every frame as libunwind's does", () => {
  // the same deterministic runs, named once from vat's cached tables and once by libunwind itself
  for (const cmd of [[fixture('stack-chain', BUILDS['no frame pointers, -O2'])], ['ls', '/']]) {
    const own = vatK(['--', ...cmd]);
    const out = join(tmp(), 'libunwind.txt');
    const env = { ...process.env, VAT_STACK_NAMES: 'libunwind' };
    const r = runVat(['-k', '-o', out, '--', ...cmd], { env });
    assert.equal(r.status, 0, r.stderr);
    const frames = (t: string): string[] => t.split('\n').filter((l) => l.startsWith(' > '));
    assert.ok(frames(own).length > 50, 'many frames compared');
    assert.deepEqual(frames(own), frames(readFileSync(out, 'utf8')));
  }
});

test('-k with -c warns as strace does and still counts', () => {
  const r = runVat(['-c', '-k', '--', '/bin/true']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^vat: -k\/--stack-traces has no effect with -c\/--summary-only\n/);
  assert.match(r.stderr, /% time/);
  assert.doesNotMatch(r.stderr, / > /);
});
