// xlat tables: values agree with the system's C headers, and the printers match strace 6.1's output.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  formatEnum,
  formatFlags,
  formatOpenFlags,
  formatXlat,
  lookupXlat,
  type XlatTable,
} from '../../src/decode/xlat.js';
import { XLAT } from '../../src/tables/generated/xlat.js';
import { scratch } from '../helpers/fixtures.js';

const table = (name: string): XlatTable => {
  const t = lookupXlat(name);
  assert.ok(t, `no xlat table ${name}`);
  return t;
};

/** Headers a glibc program includes to see the same names (kernel headers only where glibc has none). */
const C_HEADERS = `#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <poll.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <asm/prctl.h>
#include <linux/close_range.h>
#include <linux/falloc.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <linux/rseq.h>
#include <linux/seccomp.h>
// TCGETS2 and the other termios2 requests take sizeof(struct termios2), which glibc's headers never define
#include <asm/termbits.h>
`;

/** Where glibc and the kernel headers disagree on purpose: glibc's x86_64 values, not the kernel's. */
const GLIBC_DIFFERS = new Set([
  'O_LARGEFILE', // glibc: 0 on x86_64; strace prints the kernel's 0100000
  'F_GETLK64', // glibc: F_GETLK and friends on 64-bit; strace prints the 32-bit numbers
  'F_SETLK64',
  'F_SETLKW64',
  '__O_TMPFILE', // glibc folds O_DIRECTORY into its __O_TMPFILE
]);

/** Compiles and runs a program printing every plain entry name the system headers define. */
function systemValues(): Map<string, bigint> {
  const names = new Set<string>();
  for (const t of Object.values(XLAT) as XlatTable[]) {
    for (const [name] of t.values) if (/^\w+$/.test(name) && !GLIBC_DIFFERS.has(name)) names.add(name);
  }
  const body = [...names]
    .map((n) => `#ifdef ${n}\n  printf("${n} %lld\\n", (long long)(${n}));\n#endif`)
    .join('\n');
  const dir = scratch();
  const src = join(dir, 'xlat-values.c');
  writeFileSync(src, `${C_HEADERS}\nint main(void) {\n${body}\n  return 0;\n}\n`);
  execFileSync('gcc', ['-w', '-o', join(dir, 'xlat-values'), src]);
  const out = execFileSync(join(dir, 'xlat-values'), { encoding: 'utf8' });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => {
        const [name = '', value = '0'] = line.split(' ');
        return [name, BigInt(value)] as const;
      }),
  );
}

function hasGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('xlat values agree with the system C headers', (t) => {
  if (!hasGcc()) return t.skip('no gcc');
  const system = systemValues();
  for (const name of ['O_CLOEXEC', 'MAP_ANONYMOUS', 'CLONE_THREAD', 'EPOLLIN', 'AF_INET6']) {
    assert.ok(system.has(name), `${name} was not printed by the C program`);
  }
  const mismatches: string[] = [];
  let compared = 0;
  for (const [tableName, t] of Object.entries(XLAT) as [string, XlatTable][]) {
    for (const [name, value] of t.values) {
      const c = system.get(name);
      if (c === undefined) continue;
      compared++;
      // Same number as an int or as an unsigned int (glibc writes MS_NOUSER as 1 << 31).
      if (BigInt.asUintN(32, c) !== BigInt.asUintN(32, BigInt(value)) || (c > 0n && c !== BigInt(value))) {
        mismatches.push(`${tableName}.${name}: ours ${value}, C ${c}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(compared > 300, `only ${compared} names compared`);
});

test('formatFlags prints the examples strace prints', () => {
  assert.equal(formatFlags(table('open_flags'), 0x80000), 'O_RDONLY|O_CLOEXEC');
  assert.equal(formatFlags(table('mmap_prot'), 3), 'PROT_READ|PROT_WRITE');
  assert.equal(formatFlags(table('mmap_flags'), 0x22), 'MAP_PRIVATE|MAP_ANONYMOUS');
});

test('open flags: access mode from the low bits, then the rest', () => {
  assert.equal(formatOpenFlags(0), 'O_RDONLY');
  assert.equal(formatOpenFlags(0o1101), 'O_WRONLY|O_CREAT|O_TRUNC');
  assert.equal(formatOpenFlags(0o101101), 'O_WRONLY|O_CREAT|O_TRUNC|O_LARGEFILE');
  assert.equal(formatOpenFlags(0o20200002), 'O_RDWR|O_TMPFILE');
  assert.equal(formatOpenFlags(0o4010000 | 0o4000), 'O_RDONLY|O_NONBLOCK|O_SYNC');
  assert.equal(formatOpenFlags(3 | 0x40000000), 'O_ACCMODE|0x40000000');
  assert.equal(formatFlags(table('pipe_flags'), 0x84800), 'O_NONBLOCK|O_DIRECT|O_CLOEXEC');
  assert.equal(formatFlags(table('dup3_flags'), 0x80000), 'O_CLOEXEC');
});

test('flags: zero, unknown bits and tables without a zero name', () => {
  assert.equal(formatFlags(table('mmap_prot'), 0), 'PROT_NONE');
  assert.equal(formatFlags(table('mmap_prot'), 0x10), '0x10 /* PROT_??? */');
  assert.equal(formatFlags(table('mmap_prot'), 0x80000000), '0x80000000 /* PROT_??? */');
  assert.equal(formatFlags(table('at_flags'), 0), '0');
  assert.equal(formatFlags(table('at_flags'), 0x80000), '0x80000 /* AT_??? */');
  assert.equal(formatFlags(table('access_mode'), 0), 'F_OK');
  assert.equal(formatFlags(table('access_mode'), 6), 'R_OK|W_OK');
  assert.equal(formatFlags(table('access_mode'), 0x10), '0x10 /* ?_OK */');
  assert.equal(formatFlags(table('memfd_flags'), 0xf), 'MFD_CLOEXEC|MFD_ALLOW_SEALING|MFD_HUGETLB|0x8');
  assert.equal(formatFlags(table('wait_options'), 0x40000003), 'WNOHANG|WSTOPPED|__WALL');
  assert.equal(formatFlags(table('wait_options'), 0x1000), '0x1000 /* W??? */');
  assert.equal(formatFlags(table('lock_op'), 0x45), 'LOCK_SH|LOCK_NB|LOCK_READ');
  assert.equal(formatFlags(table('msg_flags'), 0x24000), 'MSG_NOSIGNAL|MSG_SENDPAGE_NOTLAST');
  assert.equal(formatFlags(table('msg_flags'), 0x80000000), 'MSG_CMSG_COMPAT');
  assert.equal(formatFlags(table('eventfd_flags'), 0x80801), 'EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK');
  assert.equal(formatFlags(table('statx_mask'), 0x7ff), 'STATX_BASIC_STATS');
  assert.equal(formatFlags(table('statx_mask'), 0xfff), 'STATX_ALL');
  assert.equal(formatFlags(table('renameat2_flags'), 8), '0x8 /* RENAME_?? */');
  assert.equal(
    formatFlags(table('unshare_flags'), 0x7e020080),
    'CLONE_NEWTIME|CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET',
  );
  assert.equal(formatXlat(table('faccessat_flags'), 0x1300), 'AT_SYMLINK_NOFOLLOW|AT_EACCESS|AT_EMPTY_PATH');
});

test('mmap flags: type, then flags, then the huge page size', () => {
  const mmap = table('mmap_flags');
  assert.equal(formatFlags(mmap, 0x20), 'MAP_FILE|MAP_ANONYMOUS');
  assert.equal(formatFlags(mmap, 0x3), 'MAP_SHARED_VALIDATE');
  assert.equal(
    formatFlags(mmap, 0x4n | 0x20n | (21n << 26n) | 0x80000000n),
    '0x4 /* MAP_??? */|MAP_ANONYMOUS|53<<MAP_HUGE_SHIFT',
  );
  assert.equal(
    formatFlags(mmap, 0x22 | 0x100000 | 0x800 | 0x40 | 0x20000 | 0x8000 | 0x4000),
    'MAP_PRIVATE|MAP_ANONYMOUS|MAP_32BIT|MAP_NORESERVE|MAP_POPULATE|MAP_DENYWRITE|MAP_STACK|MAP_FIXED_NOREPLACE',
  );
  assert.equal(formatFlags(table('memfd_flags'), 21 << 26), '21<<MFD_HUGE_SHIFT');
  assert.equal(formatFlags(table('memfd_flags'), 0), '0');
});

test('socket type, statx flags and mount flags print their leading field', () => {
  const sock = table('socket_type');
  assert.equal(formatFlags(sock, 1), 'SOCK_STREAM');
  assert.equal(formatFlags(sock, 0x80802), 'SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK');
  assert.equal(formatFlags(sock, 0x8000f), 'SOCK_CLOEXEC|0xf');
  assert.equal(formatFlags(sock, 0x101), 'SOCK_STREAM|0x100 /* SOCK_??? */');
  const statx = table('statx_flags');
  assert.equal(formatFlags(statx, 0), 'AT_STATX_SYNC_AS_STAT');
  assert.equal(formatFlags(statx, 0x1000), 'AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH');
  assert.equal(formatFlags(statx, 0x6100), 'AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC|AT_SYMLINK_NOFOLLOW');
  const mount = table('mount_flags');
  assert.equal(formatFlags(mount, 0), '0');
  assert.equal(formatFlags(mount, 0xc0ed0001), 'MS_MGC_VAL|MS_RDONLY');
  assert.equal(formatFlags(mount, 0x104000), 'MS_REC|MS_SHARED');
  assert.equal(formatFlags(mount, 0x400000000n), '0x400000000 /* MS_??? */');
});

test('clone flags end with the exit signal', () => {
  const clone = table('clone_flags');
  assert.equal(formatFlags(clone, 0x11), 'SIGCHLD');
  assert.equal(
    formatFlags(clone, 0x3d0f00),
    'CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID',
  );
  assert.equal(formatFlags(clone, 0x1200011), 'CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD');
});

test('formatEnum: names, and unknown values in hex with the table comment', () => {
  assert.equal(formatEnum(table('whence'), 4), 'SEEK_HOLE');
  assert.equal(formatEnum(table('whence'), 9), '0x9 /* SEEK_??? */');
  assert.equal(formatEnum(table('fcntl_cmd'), 0x40f), '0x40f /* F_??? */');
  assert.equal(formatEnum(table('fcntl_cmd'), 12), 'F_GETLK64');
  assert.equal(formatEnum(table('fcntl_cmd'), 1024), 'F_SETLEASE');
  assert.equal(formatEnum(table('fcntl_cmd'), 1033), 'F_ADD_SEALS');
  assert.equal(formatEnum(table('socket_domain'), 99), '0x63 /* AF_??? */');
  assert.equal(formatEnum(table('socket_domain'), 10), 'AF_INET6');
  assert.equal(formatEnum(table('rusage_who'), -1), 'RUSAGE_CHILDREN');
  assert.equal(formatEnum(table('rusage_who'), 0xffffffffffffffffn), 'RUSAGE_CHILDREN');
  assert.equal(formatEnum(table('rusage_who'), 0xffffffff), 'RUSAGE_CHILDREN', 'an int truncated to 32 bits');
  assert.equal(formatEnum(table('rusage_who'), 7), '0x7 /* RUSAGE_??? */');
  assert.equal(formatEnum(table('futex_op'), 0x80), 'FUTEX_WAIT_PRIVATE');
  assert.equal(formatEnum(table('futex_op'), 0x189), 'FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME');
  assert.equal(formatEnum(table('futex_op'), 0x4f), '0x4f /* FUTEX_??? */');
  assert.equal(formatEnum(table('sched_policy'), 0), 'SCHED_OTHER');
  assert.equal(formatEnum(table('socket_level'), 6), 'SOL_TCP');
  assert.equal(formatEnum(table('socket_level'), 999), '0x3e7 /* SOL_?? */');
  assert.equal(formatEnum(table('so_option'), 2), 'SO_REUSEADDR');
  assert.equal(formatEnum(table('ipproto'), 262), 'IPPROTO_MPTCP');
  assert.equal(formatEnum(table('arch_prctl_code'), 0x1001), 'ARCH_SET_GS');
  assert.equal(formatEnum(table('seccomp_op'), 9), '0x9 /* SECCOMP_SET_MODE_??? */');
  assert.equal(formatEnum(table('membarrier_cmd'), 3), '0x3 /* MEMBARRIER_CMD_??? */');
  assert.equal(formatEnum(table('clock_id'), 7), 'CLOCK_BOOTTIME');
  assert.equal(formatEnum(table('madvise_advice'), 4), 'MADV_DONTNEED');
  assert.equal(formatXlat(table('epoll_ctl_op'), 7), '0x7 /* EPOLL_CTL_??? */');
});

test('System V IPC: octal permission bits, IPC_64 and IPC_PRIVATE', () => {
  assert.equal(formatFlags(table('shmget_flags'), 0o1600), 'IPC_CREAT|0600');
  assert.equal(formatFlags(table('shmget_flags'), 0), '000');
  assert.equal(
    formatFlags(table('shmget_flags'), (21 << 26) | 0o3644),
    'IPC_CREAT|IPC_EXCL|21<<SHM_HUGE_SHIFT|0644',
  );
  assert.equal(formatFlags(table('ipc_get_flags'), 0o2640), 'IPC_EXCL|0640');
  assert.equal(formatEnum(table('msgctl_cmd'), 0x102), 'IPC_64|IPC_STAT');
  assert.equal(formatEnum(table('shmctl_cmd'), 0x163), 'IPC_64|0x63 /* SHM_??? */');
  assert.equal(formatEnum(table('ipc_key'), 0), 'IPC_PRIVATE');
  assert.equal(formatEnum(table('ipc_key'), 0x1234), '0x1234');
});

test('other composite forms: personality, memory policy, fanotify, kexec, keys, syslog', () => {
  assert.equal(formatFlags(table('personality'), 0xffffffff), '0xffffffff');
  assert.equal(formatFlags(table('personality'), 0x40000), 'PER_LINUX|ADDR_NO_RANDOMIZE');
  assert.equal(formatFlags(table('personality'), 0x40042), '0x42 /* PER_??? */|ADDR_NO_RANDOMIZE');
  assert.equal(formatFlags(table('mpol_mode'), 0x8002), 'MPOL_BIND|MPOL_F_STATIC_NODES');
  assert.equal(formatFlags(table('mpol_mode'), 0x8009), 'MPOL_F_STATIC_NODES|0x9');
  assert.equal(formatFlags(table('mpol_mode'), 9), '0x9 /* MPOL_??? */');
  assert.equal(formatFlags(table('fanotify_init_flags'), 0x20c), '0xc /* FAN_CLASS_??? */|FAN_REPORT_FID');
  assert.equal(formatFlags(table('kexec_load_flags'), (62 << 16) | 1), 'KEXEC_ARCH_X86_64|KEXEC_ON_CRASH');
  assert.equal(formatEnum(table('key_spec'), -3), 'KEY_SPEC_SESSION_KEYRING');
  assert.equal(formatEnum(table('key_spec'), 12345), '12345');
  assert.equal(formatEnum(table('key_spec'), 0xfffffffd), 'KEY_SPEC_SESSION_KEYRING');
  assert.equal(formatEnum(table('key_spec'), 0xfffffff0), '-16', 'a 32-bit int prints signed');
  assert.equal(formatEnum(table('syslog_action'), 10), '10 /* SYSLOG_ACTION_SIZE_BUFFER */');
  assert.equal(formatEnum(table('syslog_action'), 99), '99 /* SYSLOG_ACTION_??? */');
  assert.equal(formatEnum(table('ptrace_request'), 3), 'PTRACE_PEEKUSER');
  assert.equal(formatEnum(table('reboot_magic1'), 0), '0 /* LINUX_REBOOT_MAGIC_??? */');
  assert.equal(formatFlags(table('statmount_flags'), 4), '0x4 /* STATMOUNT_??? */');
});

test('lookupXlat knows every table and nothing else', () => {
  assert.equal(lookupXlat('toString'), undefined);
  assert.equal(lookupXlat('no_such_table'), undefined);
  for (const name of Object.keys(XLAT)) assert.ok(lookupXlat(name));
  for (const t of Object.values(XLAT) as XlatTable[]) {
    if (t.field) assert.ok(lookupXlat(t.field.table), `field table ${t.field.table}`);
  }
});
