// -e read=FDS / -e write=FDS: strace's hex dumps after each call on those fds (whole buffers, iovec by iovec,
// only what a read returned, nothing for a failed read), compared with strace's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hexDump } from '../../src/format/hex-dump.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { normalize, traceWith } from '../helpers/strace-oracle.js';

const CASES: readonly (readonly string[])[] = [
  ['-e', 'write=3', '-e', 'trace=write,writev,sendto,sendmsg'],
  ['-e', 'read=3,4', '-e', 'trace=read,readv,pread64,recvfrom,recvmsg'],
  ['-e', 'read=all', '-e', 'write=all'],
  ['-e', 'write=!3'],
  ['--write=3', '--read=4', '-x', '-s', '4'],
  ['-e', 'writes=1000', '-e', 'r=1000'],
  ['-e', 'write=3', '-Z'],
  ['-e', 'read=3', '-z', '-P', '@DIR@/data.txt'],
];

for (const options of CASES)
  test(`${options.join(' ')}: the dumps strace prints`, () => {
    const exe = fixture('filter-calls');
    const dir = scratch();
    const s = traceWith('strace', options, [exe, dir], dir);
    const v = traceWith('vat', options, [exe, dir], dir);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(normalize(v.trace), normalize(s.trace));
  });

test('a dump row: offset, two groups of eight bytes, the printable ones', () => {
  assert.equal(
    hexDump(Buffer.from('hello\n')),
    ` | 00000  68 65 6c 6c 6f 0a ${' '.repeat(31)} hello.${' '.repeat(10)} |\n`,
  );
  const rows = hexDump(Uint8Array.from({ length: 17 }, (_, i) => i + 0x7a)).split('\n');
  assert.equal(rows[0], ' | 00000  7a 7b 7c 7d 7e 7f 80 81  82 83 84 85 86 87 88 89  z{|}~........... |');
  assert.equal(rows[1], ` | 00010  8a ${' '.repeat(47)}.${' '.repeat(15)} |`);
  // past 1 MiB the offset column widens as strace's does
  assert.match(hexDump(new Uint8Array(0x100001)), /^ \| 000000 {2}00 00/);
});

test('sendmmsg and recvmmsg: each message dumped as a vector of buffers, as strace', () => {
  const exe = fixture('mmsg-dump');
  for (const options of [
    ['-e', 'write=3', '-e', 'read=4', '-e', 'trace=sendmmsg,recvmmsg'],
    ['-e', 'read=3', '-e', 'trace=sendmmsg,recvmmsg'],
  ]) {
    const v = traceWith('vat', options, [exe]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(normalize(v.trace), normalize(traceWith('strace', options, [exe]).trace));
  }
  const v = traceWith('vat', ['-e', 'write=3', '-e', 'read=4', '-e', 'trace=sendmmsg,recvmmsg'], [exe]).trace;
  assert.match(v, /= 2\n = 2 buffers in vector 0\n \* 3 bytes in buffer 0\n \| 00000 {2}30 31 32 /);
  assert.match(v, / = 2 buffers in vector 1\n \* 4 bytes in buffer 0\n[^\n]*\n \* 15 bytes in buffer 1\n/);
});
