// Network and multiplexing decoding against strace as the oracle: socket addresses and lengths, socket options,
// msghdr and mmsghdr, iovecs, fd pairs, poll/select/epoll with their result details, and -y/-yy socket fds.
// Values that legitimately differ between two runs (addresses, ephemeral ports, inodes, time left) are masked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ipv6Text } from '../../src/decode/structs/inet.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

/** The calls these decoders print (send and recv show as sendto and recvfrom). */
const CALLS = new Set([
  'socket',
  'socketpair',
  'bind',
  'connect',
  'listen',
  'accept',
  'accept4',
  'getsockname',
  'getpeername',
  'sendto',
  'recvfrom',
  'sendmsg',
  'recvmsg',
  'sendmmsg',
  'recvmmsg',
  'shutdown',
  'setsockopt',
  'getsockopt',
  'pipe',
  'pipe2',
  'readv',
  'writev',
  'preadv',
  'pwritev',
  'preadv2',
  'pwritev2',
  'poll',
  'ppoll',
  'select',
  'pselect6',
  'epoll_create',
  'epoll_create1',
  'epoll_ctl',
  'epoll_wait',
  'epoll_pwait',
]);

function normalize(line: string): string {
  return line
    .replace(/^\d+ +/, '')
    .replace(/0x[0-9a-f]{6,}/g, 'ADDR')
    .replace(/htons\((\d+)\)/g, (m, p: string) => (Number(p) >= 1024 ? 'htons(PORT)' : m))
    .replace(/:(\d{4,5})(?=[\]-])/g, ':PORT')
    .replace(/(\[|->|ROUTE:)\d{4,}/g, '$1N')
    .replace(/left \{[^}]*\}/g, 'left T')
    .replace(/ +=/, ' =');
}

/** The normalized lines of the calls under test, in order; `skip` drops calls known to differ. */
function lines(trace: string, skip: ReadonlySet<string> = new Set()): string[] {
  return trace
    .split('\n')
    .filter((l) => {
      const name = /^(?:\d+ +)?([a-z_0-9]+)\(/.exec(l)?.[1];
      return name !== undefined && CALLS.has(name) && !skip.has(name);
    })
    .map(normalize);
}

/**
 * Traces the fixture with strace and with vat, with the same options, and compares the calls under test; `engine`
 * pins vat's (the default may be eBPF).
 */
function compare(name: string, opts: readonly string[], skip?: ReadonlySet<string>, engine?: 'ptrace'): void {
  const dir = scratch();
  // in a scratch directory, with stdout on /dev/null: the test runner's stdout is a socket whose peer -yy shows
  const command = ['sh', '-c', 'cd "$1" && exec "$0" >/dev/null', fixture(name), dir];
  const s = spawnSync('strace', ['-f', ...opts, '-o', join(dir, 's.txt'), '--', ...command]);
  assert.equal(s.status, 0, String(s.stderr));
  const pin = engine === undefined ? [] : ['--engine', engine];
  const r = runVat([...pin, '-f', ...opts, '-o', join(dir, 'v.txt'), '--', ...command]);
  assert.equal(r.status, 0, r.stderr);
  const want = lines(readFileSync(join(dir, 's.txt'), 'utf8'), skip);
  const got = lines(readFileSync(join(dir, 'v.txt'), 'utf8'), skip);
  assert.ok(want.length > 20, `too few calls traced: ${want.length}`);
  assert.deepEqual(got, want);
}

/**
 * sendmmsg's data lies two pointers deep (msgvec -> msg_iov -> iov_base), deeper than eBPF copies (README,
 * Engines): every other call with the default engine, all of them with ptrace.
 */
const TWO_DEEP = new Set(['sendmmsg']);

test('sockets: addresses, lengths, options, msghdr, mmsghdr as strace prints them', () => {
  compare('decode-net-sockets', [], TWO_DEEP);
  compare('decode-net-sockets', [], undefined, 'ptrace');
});

test('sockets with -v and -x', () => {
  compare('decode-net-sockets', ['-v', '-x'], TWO_DEEP);
  compare('decode-net-sockets', ['-v', '-x'], undefined, 'ptrace');
});

test('sockets with -yy: protocols, addresses and unix paths behind the fds', () => {
  // listen() sees a bound, not yet listening socket: found through sock_diag, as strace finds it. Pinned: -yy asks
  // the live socket its addresses when the line is printed; eBPF prints after the socket may be gone (README)
  compare('decode-net-sockets', ['-yy'], undefined, 'ptrace');
});

test('pipes, iovecs, poll, select and epoll with their result details', () => {
  compare('decode-net-io', []);
});

test('long arrays are cut at the -s limit, and printed whole with -v', () => {
  compare('decode-net-io', ['-s', '4', '-y']);
  // -v prints writev's 40 iovecs whole; eBPF copies at most 32 elements of an array (README, Engines): the other
  // calls with the default engine, all of them with ptrace
  compare('decode-net-io', ['-v', '-xx'], new Set(['writev']));
  compare('decode-net-io', ['-v', '-xx'], undefined, 'ptrace');
});

test('IPv6 addresses are written as glibc inet_ntop writes them', () => {
  const addr = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.padStart(32, '0'), 'hex'));
  assert.equal(ipv6Text(addr('')), '::');
  assert.equal(ipv6Text(addr('1')), '::1');
  assert.equal(ipv6Text(addr('ffff7f000001')), '::ffff:127.0.0.1');
  assert.equal(ipv6Text(addr('0a000001')), '::10.0.0.1');
  assert.equal(ipv6Text(addr('fe800000000000000000000000000001')), 'fe80::1');
  assert.equal(ipv6Text(addr('20010db8000000010000000000000001')), '2001:db8:0:1::1');
  assert.equal(ipv6Text(addr('00010000000000020000000000000003')), '1:0:0:2::3');
  assert.equal(ipv6Text(addr('20010db8000100000001000000000001')), '2001:db8:1:0:1::1');
  assert.equal(ipv6Text(addr('20010db8000100010001000100010001')), '2001:db8:1:1:1:1:1:1');
});
