// i386 calls decode with the x86_64 signature of the same kernel entry point: checked against the pinned kernel
// table (entry points, argument counts), and never with a struct whose i386 layout differs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { i386Raw, i386Signature, socketcallTarget, x86Equivalent } from '../../src/decode/i386-signature.js';
import type { Memory } from '../../src/decode/memory.js';
import { STAT64 } from '../../src/decode/structs/i386.js';
import { StraceTextFormatter } from '../../src/format/strace-text.js';
import type { TraceEvent } from '../../src/model/events.js';
import { ENTRY_NARGS } from '../../src/tables/generated/nargs.js';
import { listSyscalls } from '../../src/tables/syscalls.js';
import { scratch } from '../helpers/fixtures.js';

const nargs = new Map(ENTRY_NARGS);

test('every i386 call with an x86_64 twin takes as many arguments as its kernel entry point', () => {
  let checked = 0;
  for (const s of listSyscalls('i386')) {
    const sig = i386Signature(s.name);
    const n = nargs.get(s.entry);
    // a removed call (sys_ni_syscall) keeps the arguments strace shows (_sysctl's struct)
    if (!sig || n === undefined || s.entry === 'sys_ni_syscall') continue;
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
    /^(sockaddr|socklen_t|fd_set|u?int|move_pages_(nodes|status)|loff_t|epoll_event|[ug]id_t|gid_list|sched_(param|attr)|pollfd|kernel_sigset|futex_waitv|cap_user_(header|data)|utsname|statx|open_how|clone_args|mount_attr|landlock_ruleset_attr|cachestat(_range)?|io_uring_params|file_handle|perf_event_attr|linux_dirent64|wait_status|stat64|llseek_result)$/;
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

test('struct stat64 as vat reads it is the layout gcc -m32 sees in <asm/stat.h>', (t) => {
  const dir = scratch();
  const src = join(dir, 'stat64.c');
  const field = (name: string, off: number): string =>
    `_Static_assert(offsetof(struct stat64, ${name}) == ${off}, "${name}");`;
  writeFileSync(
    src,
    [
      '#include <stddef.h>',
      '#include <asm/stat.h>',
      `_Static_assert(sizeof(struct stat64) == ${STAT64.size}, "size");`,
      field('st_dev', STAT64.dev),
      field('st_mode', STAT64.mode),
      field('st_nlink', STAT64.nlink),
      field('st_uid', STAT64.uid),
      field('st_gid', STAT64.gid),
      field('st_rdev', STAT64.rdev),
      field('st_size', STAT64.size_),
      field('st_blksize', STAT64.blksize),
      field('st_blocks', STAT64.blocks),
      field('st_atime', STAT64.atime),
      field('st_mtime', STAT64.mtime),
      field('st_ctime', STAT64.ctime),
      field('st_ino', STAT64.ino),
      '',
    ].join('\n'),
  );
  const r = spawnSync('gcc', ['-m32', '-fsyntax-only', src], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0 && /gnu\/stubs-32|No such file/.test(r.stderr)) {
    t.skip('gcc -m32 has no 32-bit headers here (install gcc-multilib)');
    return;
  }
  assert.equal(r.status, 0, r.stderr);
});

/** Captured bytes at one address: the Memory port an engine without live access hands the decoders. */
function captured(base: bigint, bytes: Uint8Array): Memory {
  return {
    read: (addr, len) => {
      const off = Number(addr - base);
      return off < 0 || off >= bytes.length ? undefined : bytes.slice(off, off + len);
    },
    readString: () => undefined,
  };
}

test('socketcall stands for the socket call its first argument names, with the arguments it points to', () => {
  const args = new Uint8Array(12);
  const v = new DataView(args.buffer);
  v.setUint32(0, 2, true); // AF_INET
  v.setUint32(4, 1, true); // SOCK_STREAM
  v.setUint32(8, 0, true);
  const mem = captured(0x1000n, args);
  const sub = socketcallTarget([1n, 0x1000n, 0n, 0n, 0n, 0n], mem); // SYS_SOCKET
  assert.equal(sub?.name, 'socket');
  assert.deepEqual(sub?.raw.slice(0, 3), [2n, 1n, 0n]);
  assert.equal(socketcallTarget([99n, 0x1000n], mem), undefined); // no such call: socketcall itself, raw
  assert.equal(socketcallTarget([3n, 0x2000n], mem), undefined); // unreadable array
});
