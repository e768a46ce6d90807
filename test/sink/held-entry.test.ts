// The text sink holds a call's entry half until the next thing it gets: the call's own exit makes one line with it;
// anything else (another thread's call, an event, a flush) prints it first, as strace prints an entry at once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StraceTextOptions } from '../../src/format/strace-text.js';
import type { CallText } from '../../src/model/call-text.js';
import { TextSink } from '../../src/sink/text-sink.js';
import { scratch } from '../helpers/fixtures.js';

const OPTIONS: StraceTextOptions = {
  toFile: true,
  followForks: true,
  perProcess: false,
  xflag: 0,
  quiet: [],
  time: { syscall: 6 },
};

/** A write's halves as the ptrace engine gives them: the entry's stamp, then the exit's span (-T from `from`). */
function halves(pid: number, at: bigint, from: bigint, to: bigint): { enter: CallText; exit: CallText } {
  const common = { type: 'call', pid, nr: 1, name: 'write', failed: false } as const;
  return {
    enter: { ...common, ts: at, tsExit: at, head: 'write(1, "x", 1', tail: '', result: '' },
    exit: { ...common, ts: from, tsExit: to, head: '', tail: ')', result: '1' },
  };
}

/** A line with its result at strace's column 40. */
const line = (left: string, result: string): string => `${left.padEnd(39)} = ${result}`;

function written(feed: (sink: TextSink) => void): string {
  const path = join(scratch(), 'trace.txt');
  const sink = new TextSink({ path, append: false, perProcess: false }, OPTIONS);
  feed(sink);
  sink.close();
  return readFileSync(path, 'utf8');
}

test("a call's exit right after its entry makes one line, timed from the exit half's start", () => {
  const a = halves(11, 1_000n, 2_000n, 1_502_000n);
  const text = written((sink) => {
    sink.call(a.enter, 'enter');
    sink.call(a.exit, 'exit');
  });
  assert.equal(text, `${line('11    write(1, "x", 1)', '1 <0.001500>')}\n`);
});

test("another thread's call between the halves ends the first line unfinished, as strace prints it", () => {
  const a = halves(11, 1_000n, 2_000n, 9_002_000n);
  const b = halves(12, 3_000n, 4_000n, 5_004_000n);
  const text = written((sink) => {
    sink.call(a.enter, 'enter');
    sink.call(b.enter, 'enter');
    sink.call(b.exit, 'exit');
    sink.call(a.exit, 'exit');
  });
  assert.equal(
    text,
    [
      '11    write(1, "x", 1 <unfinished ...>',
      line('12    write(1, "x", 1)', '1 <0.005000>'),
      line('11    <... write resumed>)', '1 <0.009000>'),
      '',
    ].join('\n'),
  );
});

test('an event or a flush between the halves prints the entry first, and the exit as its own half', () => {
  const a = halves(11, 1_000n, 2_000n, 1_002_000n);
  const flushed = written((sink) => {
    sink.call(a.enter, 'enter');
    sink.flush();
    sink.call(a.exit, 'exit');
  });
  const joined = written((sink) => {
    sink.call(a.enter, 'enter');
    sink.call(a.exit, 'exit');
  });
  assert.equal(flushed, joined);
  const signalled = written((sink) => {
    sink.call(a.enter, 'enter');
    sink.add({ type: 'signal', pid: 12, ts: 1_500n, signo: 17, info: undefined });
    sink.call(a.exit, 'exit');
  });
  assert.equal(
    signalled,
    [
      '11    write(1, "x", 1 <unfinished ...>',
      '12    --- SIGCHLD  ---',
      line('11    <... write resumed>)', '1 <0.001000>'),
      '',
    ].join('\n'),
  );
});

test('a held entry half counts as text waiting (a lazy output flushes it in time)', () => {
  const path = join(scratch(), 'trace.txt');
  const sink = new TextSink({ path, append: false, perProcess: false }, OPTIONS);
  const a = halves(11, 1_000n, 2_000n, 3_000n);
  sink.call(a.enter, 'enter');
  assert.ok(sink.buffered > 0);
  sink.flush();
  assert.equal(readFileSync(path, 'utf8'), '11    write(1, "x", 1');
  sink.close();
});
