// i386 calls decode with the x86_64 signature of the same kernel entry point: checked against the pinned kernel
// table (entry points, argument counts), and never with a struct whose i386 layout differs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { IOVEC32 } from '../../src/decode/args/iovec.js';
import { FLOCK32, FLOCK64_32 } from '../../src/decode/custom/fcntl.js';
import { i386Raw, i386Signature, socketcallTarget, x86Equivalent } from '../../src/decode/i386-signature.js';
import type { Memory } from '../../src/decode/memory.js';
import { RLIMIT32, STAT64 } from '../../src/decode/structs/i386.js';
import { CMSGHDR32, MSGHDR32 } from '../../src/decode/structs/msghdr.js';
import { RUSAGE32 } from '../../src/decode/structs/resource.js';
import { SIGRETURN_MASK_I386 } from '../../src/decode/structs/signal.js';
import { STATFS64_I386 } from '../../src/decode/structs/statfs.js';
import { SYSINFO32, TAIL32 } from '../../src/decode/structs/sysinfo.js';
import { TIME32 } from '../../src/decode/structs/time.js';
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
    // old mmap's one register points to its six arguments, which the tracer reads (oldMmapArgs) and shows
    if (s.entry === 'sys_old_mmap') continue;
    // a frame argument is read from the stack, not a register (sigreturn's saved mask)
    assert.equal(sig.args.filter((a) => a.kind !== 'frame').length, n, `${s.name} (${s.entry})`);
    checked++;
  }
  assert.ok(checked > 250, `only ${checked} checked`);
});

test('the calls of a 32-bit program start are named and decodable', () => {
  for (const name of ['brk', 'mmap2', 'fstat64', 'stat64', 'openat', 'read', 'close', 'exit_group', 'munmap'])
    assert.ok(i386Signature(name), name);
  assert.equal(x86Equivalent('getuid32'), 'getuid');
  assert.equal(x86Equivalent('clock_gettime64'), 'clock_gettime');
  // the 32-bit-time and 16-bit-id entry points decode like their x86_64 twins, with the i386 layouts
  assert.equal(x86Equivalent('futex'), 'futex');
  assert.equal(x86Equivalent('pselect6'), 'pselect6');
  assert.equal(x86Equivalent('setuid'), 'setuid');
  for (const name of [
    'pread64',
    'ftruncate64',
    'fallocate',
    'statfs64',
    'set_thread_area',
    'sigreturn',
    'clone',
  ])
    assert.ok(i386Signature(name), name);
  // clone's i386 order (flags, stack, parent_tid, tls, child_tid) becomes x86_64's
  assert.deepEqual(i386Raw('clone', [1n, 2n, 3n, 4n, 5n, 0n]), [1n, 2n, 3n, 5n, 4n, 0n]);
  // mmap2 counts its offset in pages; strace prints bytes
  assert.deepEqual(i386Raw('mmap2', [0n, 4096n, 1n, 2n, 3n, 0x1dn]).at(5), 0x1d000n);
});

test('no i386 argument is decoded through an x86_64 layout that differs', () => {
  // the same bytes on both ABIs; the i386 forms (stat64, rlimit32...); the decoders that read CallContext.abi
  const neutral =
    /^(sockaddr|socklen_t|fd_set|u?int|move_pages_(nodes|status)|loff_t|epoll_event|[ug]id_t|gid_list|sched_(param|attr)|pollfd|futex_waitv|cap_user_(header|data)|utsname|statx|open_how|clone_args|mount_attr|landlock_ruleset_attr|cachestat(_range)?|io_uring_params|file_handle|perf_event_attr|linux_dirent64|wait_status|timezone|sockopt|sigaltstack|m?msghdr|entry_timespec|stat64|statfs64|llseek_result|rlimit32|sigaction32|timespec|timeval|itimerspec|itimerval|timespec_pair|timeval_pair|time_t|utimbuf|rusage|tms|sysinfo|kernel_sigset|msgbuf|sembuf)$/;
  for (const s of listSyscalls('i386')) {
    const sig = i386Signature(s.name);
    for (const a of sig?.args ?? []) {
      assert.ok(!['long', 'ulong', 'size', 'off'].includes(a.kind), `${s.name}.${a.name}`);
      if (a.kind === 'in' || a.kind === 'out' || a.kind === 'inout') {
        const wide = /^(entry_timespec|rlimit)$/.test(a.param ?? '');
        assert.ok(
          neutral.test(a.param ?? '') || (wide && /64$/.test(s.name)),
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

/** Compiles `lines` with gcc -m32 (syntax only): undefined when it passes, else why; 'skip' without 32-bit headers. */
function m32Asserts(lines: readonly string[]): string | undefined {
  const dir = scratch();
  const src = join(dir, 'layouts.c');
  writeFileSync(src, `${lines.join('\n')}\n`);
  const r = spawnSync('gcc', ['-m32', '-fsyntax-only', src], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0 && /gnu\/stubs-32|No such file/.test(r.stderr)) return 'skip';
  return r.status === 0 ? undefined : r.stderr;
}

test("the i386 layouts vat reads are gcc -m32's (32-bit time, iovec, msghdr, rlimit, rusage, tms, sysinfo, statfs64, flock, signal frames)", (t) => {
  const at = (type: string, field: string, off: number): string =>
    `_Static_assert(offsetof(${type}, ${field}) == ${off}, "${type}.${field}");`;
  const size = (type: string, n: number): string =>
    `_Static_assert(sizeof(${type}) == ${n}, "sizeof ${type}");`;
  const why = m32Asserts([
    // glibc's 32-bit structs without _TIME_BITS/_FILE_OFFSET_BITS=64 are the kernel's compat ones
    '#include <stddef.h>',
    '#include <time.h>',
    '#include <sys/time.h>',
    '#include <sys/uio.h>',
    '#include <sys/resource.h>',
    '#include <sys/times.h>',
    '#include <linux/sysinfo.h>',
    '#include <asm/statfs.h>',
    '#include <asm/sigcontext.h>',
    '#include <linux/fcntl.h>',
    '#include <sys/socket.h>',
    size('struct timespec', TIME32.size),
    at('struct timespec', 'tv_nsec', TIME32.frac),
    size('struct timeval', TIME32.size),
    at('struct timeval', 'tv_usec', TIME32.frac),
    size('struct iovec', IOVEC32.size),
    at('struct iovec', 'iov_len', IOVEC32.len),
    size('struct rlimit', RLIMIT32.size),
    at('struct rlimit', 'rlim_max', RLIMIT32.max),
    size('struct rusage', RUSAGE32.size),
    at('struct rusage', 'ru_stime', RUSAGE32.stime),
    at('struct rusage', 'ru_maxrss', 16),
    size('struct tms', 16),
    size('struct sysinfo', SYSINFO32.size),
    at('struct sysinfo', 'loads', SYSINFO32.loads),
    ...TAIL32.map(([name, off]) => at('struct sysinfo', name, off)),
    size('struct statfs64', STATFS64_I386.size),
    at('struct statfs64', 'f_type', STATFS64_I386.type),
    at('struct statfs64', 'f_fsid', STATFS64_I386.fsid),
    at('struct statfs64', 'f_flags', STATFS64_I386.flags),
    ...[...STATFS64_I386.counts, ...STATFS64_I386.sizes].map(([name, off]) =>
      at('struct statfs64', name, off),
    ),
    size('struct flock', FLOCK32.size),
    at('struct flock', 'l_start', FLOCK32.start),
    at('struct flock', 'l_len', FLOCK32.len),
    at('struct flock', 'l_pid', FLOCK32.pid),
    size('struct flock64', FLOCK64_32.size),
    at('struct flock64', 'l_start', FLOCK64_32.start),
    at('struct flock64', 'l_len', FLOCK64_32.len),
    at('struct flock64', 'l_pid', FLOCK64_32.pid),
    size('struct msghdr', MSGHDR32.size),
    ...(['name', 'namelen', 'iov', 'iovlen', 'control', 'controllen', 'flags'] as const).map((f) =>
      at('struct msghdr', `msg_${f}`, MSGHDR32[f]),
    ),
    size('struct cmsghdr', CMSGHDR32.size),
    at('struct cmsghdr', 'cmsg_level', CMSGHDR32.level),
    at('struct cmsghdr', 'cmsg_type', CMSGHDR32.type),
    at('struct sigcontext_32', 'oldmask', SIGRETURN_MASK_I386.low),
    `_Static_assert(sizeof(struct sigcontext_32) + sizeof(struct _fpstate_32) == ${SIGRETURN_MASK_I386.high}, "extramask");`,
    '',
  ]);
  if (why === 'skip') {
    t.skip('gcc -m32 has no 32-bit headers here (install gcc-multilib)');
    return;
  }
  assert.equal(why, undefined);
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
