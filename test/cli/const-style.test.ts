// -X raw|verbose|abbrev for constants that custom decoders name (sa_handler, ioctl requests, F_GETFL's detail) and
// for those inside structs and special arguments (statx's sync type, capability masks, UTIME_*, the futex bitset,
// statfs f_type, sockaddr ports and addresses, netlink route messages), against strace 6.1 on the same fixtures.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { normalize, traceWith } from '../helpers/strace-oracle.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

for (const style of ['verbose', 'raw', 'abbrev']) {
  test(`-X ${style}: custom decoders' constants as strace prints them`, () => {
    const dir = scratch();
    dirs.push(dir);
    const options = ['-X', style, '-e', 'trace=rt_sigaction,ioctl,fcntl'];
    const s = traceWith('strace', options, [fixture('const-style')], dir);
    const v = traceWith('vat', options, [fixture('const-style')], dir);
    assert.equal(v.status, s.status, v.stderr);
    assert.match(s.trace, /ioctl\(1, /);
    assert.equal(normalize(v.trace), normalize(s.trace));
  });
}

for (const style of ['raw', 'verbose', 'abbrev']) {
  test(`-X ${style}: constants inside structs as strace prints them`, () => {
    const dir = scratch();
    dirs.push(dir);
    const calls =
      'statx,capget,utimensat,futex,statfs,socket,bind,connect,sendto,recvfrom,getgroups,setgroups,fcntl';
    const options = ['-X', style, '-e', `trace=${calls}`];
    const s = traceWith('strace', options, [fixture('const-style-structs')], dir);
    const v = traceWith('vat', options, [fixture('const-style-structs')], dir);
    assert.equal(v.status, s.status, v.stderr);
    assert.match(s.trace, /^statx\(/m);
    // a netlink reply names the socket's port id, the process's pid
    const same = (t: string): string => normalize(t).replace(/nlmsg_pid=\d+/g, 'nlmsg_pid=PID');
    assert.equal(same(v.trace), same(s.trace));
  });
}
