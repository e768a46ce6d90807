// i386 calls decode with the x86_64 signature of the same kernel entry point: checked against the pinned kernel
// table (entry points, argument counts), and never with a struct whose i386 layout differs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i386Raw, i386Signature, x86Equivalent } from '../../src/decode/i386-signature.js';
import { StraceTextFormatter } from '../../src/format/strace-text.js';
import type { TraceEvent } from '../../src/model/events.js';
import { ENTRY_NARGS } from '../../src/tables/generated/nargs.js';
import { listSyscalls } from '../../src/tables/syscalls.js';

const nargs = new Map(ENTRY_NARGS);

test('every i386 call with an x86_64 twin takes as many arguments as its kernel entry point', () => {
  let checked = 0;
  for (const s of listSyscalls('i386')) {
    const sig = i386Signature(s.name);
    const n = nargs.get(s.entry);
    if (!sig || n === undefined) continue;
    assert.equal(sig.args.length, n, `${s.name} (${s.entry})`);
    checked++;
  }
  assert.ok(checked > 250, `only ${checked} checked`);
});

test('the calls of a 32-bit program start are named and decodable', () => {
  for (const name of ['brk', 'mmap2', 'fstat64', 'stat64', 'openat', 'read', 'close', 'exit_group', 'munmap'])
    assert.ok(i386Signature(name), name);
  assert.equal(x86Equivalent('getuid32'), 'getuid');
  assert.equal(x86Equivalent('clock_gettime64'), 'clock_gettime');
  // mmap2 counts its offset in pages; strace prints bytes
  assert.deepEqual(i386Raw('mmap2', [0n, 4096n, 1n, 2n, 3n, 0x1dn]).at(5), 0x1d000n);
});

test('no i386 argument is decoded through an x86_64 layout that differs', () => {
  const neutral =
    /^(sockaddr|socklen_t|fd_set|u?int|int_array|loff_t|epoll_event|[ug]id_t|gid_list|sched_(param|attr)|pollfd|kernel_sigset|futex_waitv|cap_user_(header|data)|utsname|statx|open_how|clone_args|mount_attr|landlock_ruleset_attr|cachestat(_range)?|io_uring_params|file_handle|perf_event_attr|linux_dirent64|wait_status)$/;
  for (const s of listSyscalls('i386')) {
    const sig = i386Signature(s.name);
    for (const a of sig?.args ?? []) {
      assert.ok(
        !['long', 'ulong', 'size', 'off', 'iovec', 'oiovec', 'argv', 'envp'].includes(a.kind),
        `${s.name}.${a.name}`,
      );
      if (a.kind === 'in' || a.kind === 'out' || a.kind === 'inout') {
        const time64 = /^(timespec|itimerspec|timespec_pair|entry_timespec)$/.test(a.param ?? '');
        assert.ok(
          neutral.test(a.param ?? '') || (time64 && /64$/.test(s.name)),
          `${s.name}.${a.name}: ${a.param}`,
        );
      }
    }
  }
});

const enter = (pid: number, name: string, abi?: 'i386'): TraceEvent => ({
  type: 'enter',
  pid,
  ts: 0n,
  nr: 0,
  name,
  raw: [],
  args: [],
  more: false,
  ...(abi ? { abi } : {}),
});
const exit = (pid: number, name: string): TraceEvent => ({
  type: 'exit',
  pid,
  ts: 0n,
  nr: 0,
  name,
  args: [],
  ret: 0n,
});

test("strace's personality line when a thread changes ABI, and -q's silence", () => {
  const text = (quiet: readonly ('personality' | 'attach')[]): string => {
    const f = new StraceTextFormatter({
      toFile: false,
      followForks: false,
      perProcess: false,
      xflag: 0,
      quiet,
    });
    return [
      enter(7, 'execve'),
      exit(7, 'execve'),
      enter(7, 'brk', 'i386'),
      exit(7, 'brk'),
      enter(7, 'getpid'),
      exit(7, 'getpid'),
    ]
      .map((e) => f.format(e))
      .join('');
  };
  const shown = text([]);
  assert.match(shown, /\) += 0\n\[ Process PID=7 runs in 32 bit mode\. \]\nbrk\(/);
  assert.match(shown, /\[ Process PID=7 runs in 64 bit mode\. \]\ngetpid\(/);
  assert.doesNotMatch(text(['attach', 'personality']), /Process PID/);
});
