// -yy's socket details against strace 6.1, which asks sock_diag: unix sockets with their paths, abstract names
// and peers (listen/connect/accept pairs, socketpairs), TCP bound before listen() and connected over IPv4 and
// IPv6, connected UDP, netlink. Inodes, ports and pids differ between runs: each distinct number is renamed in
// order of appearance, so a peer must still name the same socket in both traces.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

const SHOWN = /^(fcntl|socket|socketpair|bind|listen|connect|accept|getsockname|close)\(/;

/**
 * The socket calls of a trace with every number of 3 digits or more renamed #0, #1... by first appearance (pids
 * on a fresh machine may have 3 digits; IPv4 octets kept), the abstract name that holds the pid made constant.
 */
function renamed(trace: string): string[] {
  const names = new Map<string, string>();
  const rename = (n: string): string => {
    if (!names.has(n)) names.set(n, `#${names.size}`);
    return names.get(n) as string;
  };
  return trace
    .split('\n')
    .filter((l) => SHOWN.test(l))
    .map((l) =>
      l
        .replace(/0x[0-9a-f]{6,}/g, 'ADDR')
        .replace(/ +=/, ' =')
        .replace(/vat-yy-\d+/g, 'vat-yy-PID')
        .replace(/(?<![\d.])\d{3,}(?![\d.])/g, rename),
    );
}

for (const opts of [['-yy'], ['-e', 'decode-fds=socket']])
  test(`${opts.join(' ')}: unix, TCP, UDP and netlink sockets as strace shows them`, () => {
    const prog = fixture('sock-details');
    const s = spawnSync('strace', [...opts, '-o', join(dir, 's.txt'), '--', prog], { cwd: dir });
    assert.equal(s.status, 0, String(s.stderr));
    // pinned: the details are asked of the live socket when the line is printed; eBPF prints after it may be gone
    const r = runVat(['--engine', 'ptrace', ...opts, '-o', join(dir, 'v.txt'), '--', prog], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const want = renamed(readFileSync(join(dir, 's.txt'), 'utf8'));
    assert.ok(want.filter((l) => l.includes('->')).length >= 8, want.join('\n'));
    assert.ok(
      want.some((l) => /^listen\(3<TCP:\[127\.0\.0\.1:#\d+\]>/.test(l)),
      'bound before listen',
    );
    assert.deepEqual(renamed(readFileSync(join(dir, 'v.txt'), 'utf8')), want);
  });
