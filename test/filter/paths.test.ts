// -P PATH (strace's pathtrace: calls naming the path, or on an fd opened on it, however duplicated, even after
// an unlink) against strace; -e trace-fds= (strace 6.3, newer than the oracle) against the calls it must keep.
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CallSelector } from '../../src/filter/path-trace.js';
import type { SyscallEnter, SyscallExit } from '../../src/model/events.js';
import type { Value } from '../../src/model/value.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { messages, normalize, traceWith } from '../helpers/strace-oracle.js';

const CASES: readonly (readonly string[])[] = [
  ['-P', '@DIR@/data.txt'],
  ['--trace-path=@DIR@/data.txt', '-P', '/dev/null'],
  ['-P', '/nonexistent/file'],
  ['-P', '@DIR@'],
  ['-y', '-P', '@DIR@/data.txt', '-e', 'trace=!read,close'],
  ['-P', '@DIR@/data.txt', '-z'],
  ['-P', '@DIR@/data.txt', '-e', 'trace=write,close'],
];

for (const options of CASES)
  test(`${options.join(' ')}: the calls strace's path trace keeps`, () => {
    const exe = fixture('filter-calls');
    const dir = scratch();
    const s = traceWith('strace', options, [exe, dir], dir);
    const v = traceWith('vat', options, [exe, dir], dir);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(normalize(v.trace), normalize(s.trace));
    assert.equal(messages(v.stderr), messages(s.stderr));
  });

test('-P of a relative path or a symlink: both spellings match, and strace says how it resolved', () => {
  const exe = fixture('filter-calls');
  const dir = scratch();
  // the fixture creates data.txt; it exists beforehand so that the path resolves
  writeFileSync(join(dir, 'data.txt'), '');
  symlinkSync(join(dir, 'data.txt'), join(dir, 'link'));
  for (const options of [
    ['-P', 'data.txt'],
    ['-P', 'link'],
    ['-e', 'quiet=path-resolution', '-P', 'data.txt'],
  ]) {
    writeFileSync(join(dir, 'data.txt'), '');
    const s = traceWith('strace', options, [exe, dir], dir);
    writeFileSync(join(dir, 'data.txt'), '');
    const v = traceWith('vat', options, [exe, dir], dir);
    assert.equal(normalize(v.trace), normalize(s.trace), options.join(' '));
    assert.equal(messages(v.stderr), messages(s.stderr), options.join(' '));
  }
  writeFileSync(join(dir, 'data.txt'), '');
  const v = traceWith('vat', ['-P', 'link'], [exe, dir], dir);
  assert.equal(v.stderr, `vat: Requested path "link" resolved into "${join(dir, 'data.txt')}"\n`);
  // -q does not silence it: strace resolves the paths before it applies -q
  writeFileSync(join(dir, 'data.txt'), '');
  assert.match(traceWith('vat', ['-qqq', '-P', 'link'], [exe, dir], dir).stderr, /resolved into/);
});

test('-e trace-fds=3: every call on fd 3, by any argument, and nothing else', () => {
  const exe = fixture('filter-calls');
  const dir = scratch();
  const v = traceWith('vat', ['-e', 'trace-fds=3'], [exe, dir], dir);
  const lines = v.trace.split('\n');
  const from = lines.findIndex((l) => l.startsWith('write(3, "hello\\n"'));
  assert.ok(from > 0, v.trace);
  const calls = lines.slice(from).map((l) => /^(?:[a-z0-9_]+\([^,)]*|--- SIG\w+|\+\+\+ exited)/.exec(l)?.[0]);
  assert.deepEqual(calls, [
    'write(3',
    'write(3',
    'dup(3',
    'fcntl(3',
    'dup2(3',
    'close(3',
    'read(3',
    'readv(3',
    'pread64(3',
    'lseek(3',
    'newfstatat(3',
    'close(3',
    'writev(3',
    'write(3',
    'close(3',
    'sendto(3',
    'sendmsg(3',
    'close(3',
    'pselect6(4',
    'read(3',
    'close(3',
    'read(3',
    'close(3',
    '--- SIGUSR1',
    '--- SIGUSR2',
    '+++ exited',
    undefined,
  ]);
  // the long option and the other spellings strace 6.3 accepts
  for (const spelling of [['--trace-fds=3'], ['-e', 'fd=3'], ['-e', 'trace-fd=3']])
    assert.equal(
      traceWith('vat', spelling, [exe, dir], dir).trace.split('\n').length,
      lines.length,
      spelling.join(' '),
    );
});

const GONE = 2 ** 22 + 1; // above pid_max: no /proc entry, so only the calls seen tell where fds lead

const str = (s: string): Value => ({ k: 'str', bytes: Buffer.from(s), more: false });
const enter = (name: string, raw: readonly number[], args: readonly Value[] = []): SyscallEnter => ({
  type: 'enter',
  pid: GONE,
  ts: 0n,
  nr: 0,
  name,
  raw: raw.map((r) => BigInt.asUintN(64, BigInt(r))),
  args,
  more: false,
});
const exit = (name: string, ret: number, retValue?: Value): SyscallExit => ({
  type: 'exit',
  pid: GONE,
  ts: 0n,
  nr: 0,
  name,
  args: [],
  ret: BigInt(ret),
  ...(ret < 0 ? { errno: -ret } : {}),
  ...(retValue ? { retValue } : {}),
});
/** Runs a call through the selector: its decision at entry, and what its exit teaches. */
const call = (sel: CallSelector, e: SyscallEnter, ret: number, retValue?: Value): boolean => {
  const chosen = sel.enter(e);
  assert.equal(sel.exit(exit(e.name, ret, retValue)), chosen);
  return chosen;
};

test('without /proc: fds are followed from the opens, dups and closes seen', () => {
  const sel = new CallSelector({ paths: ['/tmp/x'] });
  const AT_FDCWD = -100;
  assert.equal(
    call(sel, enter('openat', [AT_FDCWD, 0, 0], [{ k: 'sym', text: 'AT_FDCWD' }, str('/tmp/x')]), 5),
    true,
  );
  assert.equal(call(sel, enter('read', [5, 0, 10]), 10), true);
  assert.equal(call(sel, enter('dup', [5]), 6), true);
  assert.equal(call(sel, enter('fcntl', [6, 1030, 0]), 7), true); // F_DUPFD_CLOEXEC
  assert.equal(call(sel, enter('dup2', [7, 9]), 9), true);
  assert.equal(call(sel, enter('write', [9, 0, 1]), 1), true);
  assert.equal(call(sel, enter('close', [5]), 0), true);
  assert.equal(call(sel, enter('read', [5, 0, 10]), -9), false);
  // a socket reusing fd 6 after its close is not the file any more
  assert.equal(call(sel, enter('close', [6]), 0), true);
  assert.equal(call(sel, enter('socket', [1, 1, 0]), 6, { k: 'fd', fd: 6 }), false);
  assert.equal(call(sel, enter('write', [6, 0, 1]), 1), false);
  assert.equal(call(sel, enter('write', [7, 0, 1]), 1), true);
  // paths by name; calls outside the file, desc and network classes never match
  assert.equal(call(sel, enter('unlink', [0], [str('/tmp/x')]), 0), true);
  assert.equal(call(sel, enter('getpid', [5]), 1), false);
});

test("strace's argument positions: two fds, fd and path, mmap's fd, poll and select sets", () => {
  const sel = new CallSelector({ paths: [], fds: { not: false, items: [7] } });
  assert.equal(call(sel, enter('splice', [1, 0, 7, 0, 1, 0]), 1), true);
  assert.equal(call(sel, enter('splice', [1, 0, 2, 0, 1, 0]), 1), false);
  assert.equal(call(sel, enter('mmap', [0, 4096, 1, 1, 7, 0]), 0), true);
  assert.equal(call(sel, enter('mmap', [7, 4096, 1, 1, 3, 0]), 0), false);
  assert.equal(call(sel, enter('epoll_ctl', [3, 1, 7, 0]), 0), true);
  assert.equal(call(sel, enter('fanotify_mark', [3, 1, 0, 7, 0]), 0), true);
  const pollfd = (fd: number): Value => ({
    k: 'struct',
    fields: [
      ['fd', { k: 'fd', fd }],
      ['events', { k: 'sym', text: 'POLLIN' }],
    ],
  });
  assert.equal(call(sel, enter('poll', [0, 2, 0], [{ k: 'array', items: [pollfd(3), pollfd(7)] }]), 0), true);
  assert.equal(
    call(
      sel,
      enter(
        'pselect6',
        [8, 0, 0],
        [
          { k: 'int', v: 8 },
          { k: 'text', text: '[3 7]' },
        ],
      ),
      1,
    ),
    true,
  );
  assert.equal(
    call(
      sel,
      enter(
        'pselect6',
        [8, 0, 0],
        [
          { k: 'int', v: 8 },
          { k: 'text', text: '[3 17]' },
        ],
      ),
      1,
    ),
    false,
  );
  // strace 6.1 gives these no fd for -P; 6.3's --trace-fds looks at their first argument
  assert.equal(call(sel, enter('accept4', [7, 0, 0, 0]), 8), true);
  assert.equal(call(sel, enter('socket', [7, 1, 0]), 8), false);
  const paths = new CallSelector({ paths: ['socket:[1]'] }, () => 'socket:[1]');
  assert.equal(call(paths, enter('accept4', [7, 0, 0, 0]), 8), false);
  assert.equal(call(paths, enter('read', [7, 0, 0]), 8), true);
});

test('-P: a pollfd past the printed ones (-s 1, -s 0) still selects poll and ppoll, as strace', () => {
  const exe = fixture('poll-cut');
  for (const options of [
    ['-s', '1', '-P', '/dev/full'],
    ['-s', '0', '-P', '/dev/full'],
  ]) {
    const s = traceWith('strace', options, [exe]);
    const v = traceWith('vat', options, [exe]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(s.trace, /^poll\(.*\n^ppoll\(/m); // the fixture's premise
    assert.equal(normalize(v.trace), normalize(s.trace));
  }
});
