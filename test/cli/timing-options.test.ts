// -t/-tt/-ttt/--timestamps, -r/--relative-timestamps and -T/--syscall-times: strace's formats, where they go
// (after the pid prefix, on resumed lines too, -T after the result), alignment included, and values that fit the
// run: local times inside its wall-clock window, deltas that add up, call times that match a known sleep.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { type Traced, traceWith } from '../helpers/strace-oracle.js';

/** Calls of filter-calls whose text is the same in every run (no addresses, no pids). */
const STEADY = [
  '-e',
  'trace=openat,write,close,dup,dup2,fcntl,lseek,access,unlink,exit_group',
  '-e',
  'signal=none',
];

/** Digits of time columns become N, keeping widths (strace aligns `=` after them). */
const maskTimes = (t: string): string =>
  t
    .replace(
      /^(\d+ +)?(\d\d:\d\d:\d\d|\d{9,})(\.\d+)? /gm,
      (_m, pid = '', clock: string, frac = '') =>
        `${pid}${clock.replace(/\d/g, 'N')}${frac.replace(/\d/g, 'N')} `,
    )
    .replace(/^(\d+ +)?((?:\S+ )?\(\+)? *\d+(\.\d+)?\)? /gm, (m) => m.replace(/\d/g, 'N'))
    .replace(/ <\d+(\.\d+)?>$/gm, (m) => m.replace(/\d/g, 'N'));

function both(options: readonly string[]): { s: Traced; v: Traced; before: number; after: number } {
  const exe = fixture('filter-calls');
  const dir = scratch();
  const s = traceWith('strace', [...STEADY, ...options], [exe, dir], dir);
  const before = Date.now();
  const v = traceWith('vat', [...STEADY, ...options], [exe, dir], dir);
  const after = Date.now();
  assert.equal(v.status, 0, v.stderr);
  return { s, v, before, after };
}

const lines = (t: string): string[] => t.split('\n').filter((l) => l !== '');

const FORMATS: readonly (readonly [readonly string[], RegExp])[] = [
  [['-t'], /^\d\d:\d\d:\d\d [a-z+]/],
  [['-tt'], /^\d\d:\d\d:\d\d\.\d{6} [a-z+]/],
  [['-ttt'], /^\d{10}\.\d{6} [a-z+]/],
  [['--timestamps'], /^\d\d:\d\d:\d\d [a-z+]/],
  [['--timestamps=ms'], /^\d\d:\d\d:\d\d\.\d{3} [a-z+]/],
  [['--timestamps=unix,ns'], /^\d{10}\.\d{9} [a-z+]/],
  [['--absolute-timestamps=format:unix,precision:s'], /^\d{10} [a-z+]/],
  [['--timestamps=precision:us', '--timestamps=format:none'], /^[a-z+]/],
  [['-r'], /^ {0,5}\d+\.\d{6} [a-z+]/],
  [['--relative-timestamps=ns'], /^ {0,5}\d+\.\d{9} [a-z+]/],
  [['--relative-timestamps=s'], /^ {0,5}\d+ [a-z+]/],
  [['-tt', '-r'], /^\d\d:\d\d:\d\d\.\d{6} \(\+ {0,5}\d+\.\d{6}\) [a-z+]/],
  [['-T'], /(\) += (-?\d+|-1 E[A-Z]+ \(.*\)) <\d+\.\d{6}>|= \?|\+\+\+ .*)$/],
  [['--syscall-times=ms'], /(\) += (-?\d+|-1 E[A-Z]+ \(.*\)) <\d+\.\d{3}>|= \?|\+\+\+ .*)$/],
  [['--syscall-times=s'], /(\) += (-?\d+|-1 E[A-Z]+ \(.*\)) <\d+>|= \?|\+\+\+ .*)$/],
];

for (const [options, shape] of FORMATS)
  test(`${options.join(' ')}: strace's format, in strace's place, the same lines aligned the same`, () => {
    const { s, v } = both(options);
    for (const l of lines(v.trace)) assert.match(l, shape);
    assert.equal(maskTimes(v.trace), maskTimes(s.trace));
  });

/** Local time of day as strftime %T prints it, in the given zone. */
const clock = (ms: number, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));

test('-tt: local time (TZ), inside the run, never going back', () => {
  for (const tz of ['UTC', 'Asia/Kolkata', 'America/St_Johns']) {
    const exe = fixture('filter-calls');
    const dir = scratch();
    process.env.TZ = tz;
    const before = Date.now();
    const v = traceWith('vat', [...STEADY, '-tt'], [exe, dir], dir);
    const after = Date.now();
    delete process.env.TZ;
    const window = new Set<string>();
    for (let ms = before - 1000; ms <= after + 1000; ms += 500) window.add(clock(ms, tz));
    let previous = '';
    for (const l of lines(v.trace)) {
      const t = l.slice(0, 15);
      assert.ok(window.has(t.slice(0, 8)), `${tz}: ${t} outside ${[...window].join(' ')}`);
      assert.ok(t >= previous, `${t} after ${previous}`);
      previous = t;
    }
  }
});

test('-ttt: seconds since the epoch, inside the run', () => {
  const { v, before, after } = both(['-ttt']);
  for (const l of lines(v.trace)) {
    const t = Number(l.split(' ')[0]) * 1000;
    assert.ok(t >= before - 1 && t <= after + 1, `${t} not in ${before}..${after}`);
  }
});

test('-r: deltas between line starts, never negative, adding up to the time between the first and last line', () => {
  const { v } = both(['-ttt', '-r']);
  const rows = lines(v.trace).map((l) => {
    const m = /^(\d+\.\d{6}) \(\+ *(\d+\.\d{6})\) /.exec(l);
    assert.ok(m, l);
    return { at: Math.round(Number(m[1]) * 1e6), delta: Math.round(Number(m[2]) * 1e6) };
  });
  assert.equal(rows[0]?.delta, 0);
  let sum = 0;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i] as { at: number; delta: number };
    const prev = rows[i - 1] as { at: number; delta: number };
    assert.ok(row.delta >= 0);
    // both columns come from the same instant, each cut to microseconds
    assert.ok(Math.abs(row.delta - (row.at - prev.at)) <= 1, `${row.delta} vs ${row.at - prev.at}`);
    sum += row.delta;
  }
  const span = (rows.at(-1)?.at ?? 0) - (rows[0]?.at ?? 0);
  assert.ok(Math.abs(sum - span) <= rows.length, `${sum} vs ${span}`);
});

test('-f -tt -T: the prefix order, resumed lines with their own time, a 300 ms sleep timed as such', () => {
  const exe = fixture('filter-wait');
  const opts = ['-f', '-tt', '-T', '-e', 'trace=wait4,nanosleep,clock_nanosleep'];
  const s = traceWith('strace', opts, [exe], scratch());
  const v = traceWith('vat', opts, [exe], scratch());
  // the parent's lines (the child's may interleave either way): its wait4 is cut by the child's lines
  const parent = (t: string): string[] => {
    const pid = /^(\d+) .*wait4\(/m.exec(t)?.[1];
    return lines(maskTimes(t))
      .filter((l) => l.startsWith(`${pid} `))
      .map((l) =>
        l
          .replace(/^\d+ +/, 'PID ')
          .replace(/\b\d{3,}\b/g, 'N')
          .replace(/0x[0-9a-f]+/g, 'ADDR'),
      );
  };
  assert.deepEqual(parent(v.trace), parent(s.trace), `${v.trace}\n---\n${s.trace}`);
  for (const l of lines(v.trace)) assert.match(l, /^\d+ +\d\d:\d\d:\d\d\.\d{6} \S/);
  // whole, or resumed when the parent's wait4 cut it
  const slept = /(?:nanosleep\(|nanosleep resumed>).*\) += 0 <(\d+\.\d{6})>$/m.exec(v.trace);
  assert.ok(slept, v.trace);
  const took = Number(slept[1]);
  assert.ok(took >= 0.3 && took < 5, `slept ${took}`);
  // the parent's wait4 lasted through most of it (it began once the child was forked), its exit line printed
  // with its own time stamp
  const waited = /^\d+ +\d\d:\d\d:\d\d\.\d{6} <\.\.\. wait4 resumed>.* <(\d+\.\d{6})>$/m.exec(v.trace);
  assert.ok(waited, v.trace);
  assert.ok(Number(waited[1]) >= 0.1, waited[0]);
});

test('-c with time options: strace says they have no effect', () => {
  const exe = fixture('filter-calls');
  const dir = scratch();
  const v = traceWith('vat', ['-c', '-r', '-tt', '-T'], [exe, dir], dir);
  assert.equal(
    v.stderr,
    [
      'vat: -r/--relative-timestamps has no effect with -c/--summary-only',
      'vat: -t/--absolute-timestamps has no effect with -c/--summary-only',
      'vat: -T/--syscall-times has no effect with -c/--summary-only',
      '',
    ].join('\n'),
  );
});
