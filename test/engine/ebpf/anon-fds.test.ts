// -y of fds with no path (eventfd, epoll, signalfd, timerfd, pidfd, inotify, fanotify, userfaultfd, memfd,
// perf_event, io_uring, bpf maps and programs, landlock rulesets), each closed right after its one use: the eBPF reader decodes after
// the calls ran, when /proc can no longer name them, so it names them from the call that made them (bpf's maps and
// programs too, whose signature does not type its return as an fd). strace reads the kernel's names from /proc live:
// it is the oracle for both engines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bpfFdCommand } from '../../../src/decode/custom/bpf-attr.js';
import { anonFd } from '../../../src/engine/ebpf/anon-fds.js';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

const fcntlLines = (trace: string): string[] =>
  trace
    .split('\n')
    .filter((l) => l.startsWith('fcntl('))
    .map((l) => l.replace(/ +=/, ' ='));

for (const engine of ['ptrace', 'ebpf'])
  test(`${engine} -y: anonymous-inode and memfd fds named as the kernel names them, after they are closed`, {
    skip: !hasStrace,
  }, () => {
    const exe = fixture('anon-fds');
    const s = traceWith('strace', ['-y', '-e', 'trace=fcntl'], [exe]);
    const v = traceWith('vat', ['--engine', engine, '-y', '-e', 'trace=fcntl'], [exe]);
    assert.equal(v.status, 0, v.stderr);
    const want = fcntlLines(s.trace);
    assert.ok(
      want.some((l) => l.includes('<anon_inode:bpf-map>')),
      s.trace,
    );
    assert.ok(
      want.some((l) => l.includes('</memfd:vat memfd>(deleted)')),
      s.trace,
    );
    assert.deepEqual(fcntlLines(v.trace), want);
  });

test('bpf: the commands that return an fd, and what each is named by (a link or a pinned object: asked of /proc)', () => {
  // include/uapi/linux/bpf.h: BPF_MAP_CREATE 0, BPF_MAP_LOOKUP_ELEM 1, BPF_PROG_LOAD 5, BPF_OBJ_GET 7
  assert.equal(bpfFdCommand(0), 'BPF_MAP_CREATE');
  assert.equal(bpfFdCommand(1), undefined);
  assert.equal(bpfFdCommand(5), 'BPF_PROG_LOAD');
  assert.deepEqual(anonFd('bpf', [0n], []), { link: 'anon_inode:bpf-map' });
  assert.deepEqual(anonFd('bpf', [0xdefaced00000005n], []), { link: 'anon_inode:bpf-prog' });
  assert.equal(anonFd('bpf', [7n], []), 'ask');
  assert.equal(anonFd('bpf', [1n], []), undefined);
  assert.equal(anonFd('openat', [0n], []), undefined);
  // landlock_create_ruleset makes a ruleset fd, except with LANDLOCK_CREATE_RULESET_VERSION (1): a version number
  assert.deepEqual(anonFd('landlock_create_ruleset', [1n, 8n, 0n], []), {
    link: 'anon_inode:[landlock-ruleset]',
  });
  assert.equal(anonFd('landlock_create_ruleset', [0n, 0n, 1n], []), undefined);
});
