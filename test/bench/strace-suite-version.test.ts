// The strace-suite runner's "version difference" category: a failure counts as one only when every changed line
// differs from strace's by names or fields of the reviewed list (scripts/strace-suite/newer-than-6.1.tsv).
import assert from 'node:assert/strict';
import { test } from 'node:test';

interface Newer {
  names: Set<string>;
  fields: Set<string>;
  syscalls: Map<string, string>;
}
interface VersionDiff {
  loadNewer(): Newer;
  versionOnly(log: string, newer?: Newer): boolean;
}
const mod = (await import(
  new URL('../../../scripts/strace-suite/version-diff.mjs', import.meta.url).href
)) as VersionDiff;

/** A harness log holding a unified diff of one changed block: strace's expected lines, then vat's. */
const log = (exp: string[], got: string[]): string =>
  [
    '--- exp',
    '+++ out',
    '@@ -1,3 +1,3 @@',
    ' before',
    ...exp.map((l) => `-${l}`),
    ...got.map((l) => `+${l}`),
    ' after',
    'x.test: failed test',
  ].join('\n');

test('every listed row has a header and an origin', () => {
  const newer = mod.loadNewer();
  assert.ok(newer.names.has('SEGV_CPERR') && newer.fields.has('si_perf_data'));
});

test('a newer name where strace prints a number, or newer fields vat adds, is a version difference', () => {
  const siginfo = '{si_signo=SIGSEGV, si_code=0xa, si_addr=0x1}';
  assert.ok(mod.versionOnly(log([`p(${siginfo}) = 0`], [`p(${siginfo.replace('0xa', 'SEGV_CPERR')}) = 0`])));
  assert.ok(mod.versionOnly(log(['p(0xa) = 0'], ['p(0xa /* SEGV_CPERR */) = 0'])));
  const trap = '{si_signo=SIGTRAP, si_code=TRAP_PERF, si_addr=0x1}';
  const more = trap.replace('}', ', si_perf_data=0xff, si_perf_type=4294967295, si_perf_flags=0x1}');
  assert.ok(mod.versionOnly(log([`p(${trap}) = 0`], [`p(${more}) = 0`])));
});

test('a newer ioctl name where strace prints the _IOC encoding is a version difference, in each -X style', () => {
  const ioc = '_IOC(_IOC_WRITE, 0x21, 0x4, 0x8)';
  assert.ok(
    mod.versionOnly(log([`ioctl(-1, ${ioc}, 0) = -1`], ['ioctl(-1, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 0) = -1'])),
  );
  assert.ok(
    mod.versionOnly(
      log(
        [`ioctl(-1, 0x40082104 /* ${ioc} */, 0) = 42`],
        ['ioctl(-1, 0x40082104 /* SECCOMP_IOCTL_NOTIF_SET_FLAGS */, 0) = 42'],
      ),
    ),
  );
  assert.ok(!mod.versionOnly(log([`ioctl(-1, ${ioc}, 0) = -1`], ['ioctl(-1, VIDIOC_G_STD, 0) = -1'])));
});

test('a syscall strace 6.1 knows only by number: named by vat, or left out under -e trace=none', () => {
  const newer = mod.loadNewer();
  assert.equal(newer.syscalls.get('cachestat'), 'syscall_0x1c3');
  assert.ok(mod.versionOnly(log(['syscall_0x1c3(0x1, 0x2) = -1 EBADF'], []), newer));
  assert.ok(
    mod.versionOnly(log(['syscall_0x1c3(0x1, 0x2) = -1 EBADF'], ['cachestat(0x1, 0x2) = -1 EBADF']), newer),
  );
  assert.ok(!mod.versionOnly(log(['syscall_0x1c4(0x1) = -1 EBADF'], []), newer));
  assert.ok(!mod.versionOnly(log(['syscall_0x1c3(0x1) = -1 EBADF'], ['cachestat(0x2) = -1 EBADF']), newer));
});

test("an opcode newer strace prints by address: vat's address may stand for strace 6.1's struct", () => {
  const exp =
    'io_uring_register(0, IORING_REGISTER_PBUF_RING, {ring_addr=NULL, ring_entries=0, bgid=0}, 66) = -1';
  assert.ok(
    mod.versionOnly(log([exp], ['io_uring_register(0, IORING_REGISTER_PBUF_RING, 0x7f00, 66) = -1'])),
  );
  const raw = exp.replace('IORING_REGISTER_PBUF_RING', '0x16');
  assert.ok(mod.versionOnly(log([raw], ['io_uring_register(0, 0x16, 0x7f00, 66) = -1'])));
  const other = exp.replace('IORING_REGISTER_PBUF_RING', 'IORING_REGISTER_FILES_UPDATE');
  assert.ok(
    !mod.versionOnly(log([other], ['io_uring_register(0, IORING_REGISTER_FILES_UPDATE, 0x7f00, 66) = -1'])),
  );
});

test('a newer flag bit strace 6.1 folds into the hex rest of the flags is a version difference, in each -X style', () => {
  const line = (flags: string): string =>
    `ioctl(-1, PTP_EXTTS_REQUEST, {index=1, flags=${flags}}) = -1 EBADF`;
  assert.ok(
    mod.versionOnly(
      log([line('PTP_RISING_EDGE|0xdeadbab0')], [line('PTP_RISING_EDGE|PTP_EXT_OFFSET|0xdeadbaa0')]),
    ),
  );
  assert.ok(mod.versionOnly(log([line('0xbadbeef0 /* PTP_??? */')], [line('PTP_EXT_OFFSET|0xbadbeee0')])));
  assert.ok(mod.versionOnly(log([line('0x10 /* PTP_??? */')], [line('PTP_EXT_OFFSET')])));
  assert.ok(
    mod.versionOnly(
      log([line('0xbadbeef0 /* PTP_??? */')], [line('0xbadbeef0 /* PTP_EXT_OFFSET|0xbadbeee0 */')]),
    ),
  );
  assert.ok(
    mod.versionOnly(
      log(
        ['u({ioctls=1<<_UFFDIO_WAKE|0x120}) = 0'],
        ['u({ioctls=1<<_UFFDIO_WAKE|1<<_UFFDIO_MOVE|1<<_UFFDIO_POISON}) = 0'],
      ),
    ),
  );
  // the folded bits must be the ones strace printed
  assert.ok(
    !mod.versionOnly(
      log([line('PTP_RISING_EDGE|0xdeadbab1')], [line('PTP_RISING_EDGE|PTP_EXT_OFFSET|0xdeadbaa0')]),
    ),
  );
});

test('any other difference, a missing line or no diff at all is not', () => {
  assert.ok(!mod.versionOnly(log(['p(0xa) = 0'], ['q(SEGV_CPERR) = 0'])));
  assert.ok(!mod.versionOnly(log(['p(0xa, 1) = 0'], ['p(SEGV_CPERR, 2) = 0'])));
  assert.ok(!mod.versionOnly(log(['p(0xa) = 0', 'r() = 0'], ['p(SEGV_CPERR) = 0'])));
  assert.ok(!mod.versionOnly(log(['p({a=1}) = 0'], ['p({a=1, resv=0}) = 0'])));
  assert.ok(!mod.versionOnly('x.test: failed test: time limit (120) exceeded'));
});
