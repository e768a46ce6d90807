// strace log lines for the tests that compare vat's plain-call readers (import/plain-line.ts) with the general
// parser: calls of every argument shape under each prefix and time format, and a -f log's threads, forks,
// unfinished calls, exec and signals between plain calls.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from './fixtures.js';

/** Calls of many argument shapes, each after a first line that makes its thread known. */
export const SHAPES = [
  'openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3',
  'openat(AT_FDCWD</tmp/a b>, "x", O_RDONLY) = 3</tmp/a b/x>',
  'close(3</tmp/x (deleted)>) = 0',
  'read(3, "\\177ELF\\2\\1\\1\\3\\0\\0"..., 832) = 832',
  'read(3, "abc"..., 832) = 832',
  'read(3, "", 832) = 0',
  'write(1, "a\\"b\\\\c\\n", 7) = 7',
  'write(1, "\\x41\\e", 2) = 2',
  'newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=42107, ...}, AT_EMPTY_PATH) = 0',
  'fstat(3, {st_dev=makedev(0x8, 0x1), st_ino=1, st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0)}) = 0',
  'statx(AT_FDCWD, "/usr", AT_STATX_SYNC_AS_STAT, STATX_ALL, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=12288, ...}) = 0',
  'getdents64(4, 0x56281d09e250 /* 242 entries */, 32768) = 7584',
  'execve("/bin/true", ["true", "a"], 0x7ffd6f7530e0 /* 35 vars */) = 0',
  'poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, -1) = 1 ([{fd=3, revents=POLLIN}])',
  'rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], [], 8) = 0',
  'rt_sigaction(SIGINT, {sa_handler=0x1, sa_mask=[INT TERM], sa_flags=SA_RESTORER, sa_restorer=0x7f}, NULL, 8) = 0',
  'ioctl(1, TCGETS, {c_iflag=ICRNL, c_oflag=NL0}) = -1 ENOTTY (Inappropriate ioctl for device)',
  'fcntl(1, F_DUPFD, 10) = 11',
  'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f43694b5000',
  'mmap(0x7f0000000000, 4096, PROT_READ, MAP_FIXED, 3, 0x1000) = 0x7f0000000000',
  'prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0',
  'wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5081',
  'umask(022) = 0777',
  'chmod("/tmp/x", 0644) = 0',
  'setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0',
  'sched_getaffinity(0, 128, [0 1]) = 8',
  'futex(0x7f, FUTEX_WAIT_PRIVATE, 2, NULL) = -1 EAGAIN (Resource temporarily unavailable)',
  'nanosleep({tv_sec=0, tv_nsec=1000000}, {tv_sec=0, tv_nsec=999}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)',
  'getpid() = 5080',
  'sync() = 0',
  'syscall_0x1c8(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)',
  'foo_unknown(1, 2) = 0',
  'select(4, [3], NULL, NULL, {tv_sec=1, tv_usec=0}) = 1 (in [3], left {tv_sec=0, tv_usec=999})',
  'epoll_wait(5, [], 16, 0) = 0',
  'ppoll([{fd=3, events=POLLIN}], 1, NULL, NULL, 8) = 1 ([{fd=3, revents=POLLIN}])',
  'x(a=1, b=2) = 0',
  'x({a=1, a=2}) = 0',
  'x({__proto__=1}) = 0',
  'x({1a=1}) = 0',
  'x({a=1, 2}) = 0',
  'x([1, 2, ...]) = 0',
  'x({a=1 /* one */, b=[]}) = 0',
  'x({a=1 => 2}) = 0',
  'x(1 => 2) = 0',
  'x(-0, 00, 0x0, 0x00, 1e3, 1.5, -, 999999999999999999999) = 0',
  'x(1, ) = 0',
  'x("a" /* b */ /* c */) = 0',
  'x({a={b={c="d"...}}, e=[{f=1}]}) = 0',
  `x({${Array.from({ length: 33 }, (_, i) => `f${i}=${i}`).join(', ')}}) = 0`,
  `x({${Array.from({ length: 32 }, (_, i) => `f${i}=${i}`).join(', ')}}) = 0`,
  'exit_group(0) = ?',
  'read(3, <unfinished ...>) = ?',
];

/** Logs of SHAPES (name, path), one per prefix and time format, with -k stack lines after a plain call. */
export function shapeLogs(): [string, string][] {
  const dir = scratch();
  const out: [string, string][] = [];
  for (const [name, prefix, time, dur] of [
    ['plain -tt -T', '5080  ', '12:00:00.123456 ', ' <0.000010>'],
    ['plain -ttt', '5080  ', '1795790399.810361 ', ''],
    ['plain untimed', '5080  ', '', ' <1.5>'],
    ['bracket -t', '[pid  5080] ', '12:00:01 ', ''],
    ['no prefix', '', '12:00:00.1 ', ' <0.000010>'],
  ] as const) {
    const lines = [`${prefix}${time}brk(NULL) = 0x555b6513d000${dur}`];
    for (const s of SHAPES) lines.push(`${prefix}${time}${s}${dur}`);
    // -k stack lines after a plain call
    lines.push(`${prefix}${time}getpid() = 5080${dur}`);
    lines.push(' > /usr/lib/libc.so.6(getpid+0xb) [0xeb2b]');
    lines.push(' > unexpected_backtracing_error [0x7f]');
    lines.push(`${prefix}${time}close(1) = 0${dur}`);
    const log = join(dir, `${name}.log`);
    writeFileSync(log, `${lines.join('\n')}\n`);
    out.push([name, log]);
  }
  return out;
}

/** A -f log: threads, forks, unfinished calls, exec and signals between plain calls. */
export const F_LOG: readonly string[] = [
  '100   10:00:00.000001 set_tid_address(0x7f) = 100 <0.000001>',
  '100   10:00:00.000002 clone(child_stack=NULL, flags=CLONE_VM|CLONE_THREAD|CLONE_SIGHAND, child_tidptr=0x7f) = 101 <0.000001>',
  '101   10:00:00.000003 gettid() = 101 <0.000001>',
  '101   10:00:00.000004 read(3,  <unfinished ...>',
  '100   10:00:00.000005 getpid() = 100 <0.000001>',
  '101   10:00:00.000006 <... read resumed>"x", 1) = 1 <0.000003>',
  '101   10:00:00.000007 write(1, "x", 1 <unfinished ...>',
  '101   10:00:00.000008 write(2, "y", 1) = 1 <0.000001>',
  '100   10:00:00.000009 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=7, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---',
  '100   10:00:00.000010 getpid() = 100 <0.000001>',
  '101   10:00:00.000011 execve("/bin/true", ["true"], 0x7f /* 1 var */ <unfinished ...>',
  '100   10:00:00.000012 exit(0) = ?',
  '100   10:00:00.000013 +++ exited with 0 +++',
  '101   10:00:00.000014 +++ superseded by execve in pid 100 +++',
  '100   10:00:00.000015 <... execve resumed>) = 0 <0.000004>',
  '100   10:00:00.000016 brk(NULL) = 0x1000 <0.000001>',
  '100   10:00:00.000017 exit_group(0) = ?',
  '100   10:00:00.000018 +++ exited with 0 +++',
];
