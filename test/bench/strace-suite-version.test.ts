// The strace-suite runner's "version difference" category: a failure counts as one only when every changed line
// differs from strace's by names or fields of the reviewed list (scripts/strace-suite/newer-than-6.1.tsv).
import assert from 'node:assert/strict';
import { test } from 'node:test';

interface VersionDiff {
  loadNewer(): { names: Set<string>; fields: Set<string> };
  versionOnly(log: string, newer?: { names: Set<string>; fields: Set<string> }): boolean;
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

test('any other difference, a missing line or no diff at all is not', () => {
  assert.ok(!mod.versionOnly(log(['p(0xa) = 0'], ['q(SEGV_CPERR) = 0'])));
  assert.ok(!mod.versionOnly(log(['p(0xa, 1) = 0'], ['p(SEGV_CPERR, 2) = 0'])));
  assert.ok(!mod.versionOnly(log(['p(0xa) = 0', 'r() = 0'], ['p(SEGV_CPERR) = 0'])));
  assert.ok(!mod.versionOnly(log(['p({a=1}) = 0'], ['p({a=1, resv=0}) = 0'])));
  assert.ok(!mod.versionOnly('x.test: failed test: time limit (120) exceeded'));
});
