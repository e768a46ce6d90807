// getuid and the like (strace's RVAL_UDECIMAL, signature return kind `udec`: getuid, geteuid, getgid, getegid,
// setfsuid, setfsgid) print their values unsigned: a seccomp supervisor makes geteuid and getegid return
// 0xffffffff, 0x8000000000000000, -4096 and -1 (still an errno, as the kernel flags it), and -e inject= gives them
// any word. strace 6.1 is the oracle, on the general path and on the ptrace engine's live text and --json paths.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';
import { hasStrace, normalize, traceWith } from '../helpers/strace-oracle.js';

const TRACED = ['-e', 'trace=geteuid,getegid,getuid,getgid', '-e', 'signal=none'];

/** vat's trace with its plain-text (and --json) live path on or off. */
function vat(args: readonly string[], live: boolean): string {
  const out = join(scratch(), 'trace');
  const env = { ...process.env, VAT_LIVE_TEXT: live ? 'on' : 'off' };
  const r = runVat(['--engine', 'ptrace', ...TRACED, ...args, '-o', out, '--', fixture('never-fails')], {
    env,
  });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

test("values no kernel gives getuid-like calls: strace's unsigned lines, live path or not", {
  skip: !hasStrace,
}, () => {
  const s = traceWith('strace', TRACED, [fixture('never-fails')]);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.trace, /^getegid\(\) += 9223372036854775808$/m);
  assert.match(s.trace, /^geteuid\(\) += 18446744073709547520$/m);
  assert.match(s.trace, /^getegid\(\) += -1 EPERM /m);
  for (const live of [true, false])
    assert.equal(normalize(vat([], live)), normalize(s.trace), `live ${live}`);
});

test('--json: the unsigned value, and the errno the kernel flags, live path or not', () => {
  for (const live of [true, false]) {
    const lines = vat(['--json'], live).trim().split('\n');
    const rets = lines
      .filter((l) => /"name":"gete[ug]id"/.test(l))
      .map((l) => l.replace(/^.*"args":\[\],/, ''));
    assert.deepEqual(
      rets,
      [
        '"ret":4294967295,"ret_value":4294967295,"errno":null}',
        '"ret":-9223372036854775808,"ret_value":9223372036854775808,"errno":null}',
        '"ret":-4096,"ret_value":18446744073709547520,"errno":null}',
        '"ret":-1,"errno":"EPERM","error":"Operation not permitted"}',
      ],
      `live ${live}`,
    );
  }
});

for (const rval of ['0xffffffff', '0x8000000000000000', '0xfffffffffffff000', '0xfffffffffffffffe'])
  test(`-e inject=getuid,getgid:retval=${rval}: strace's lines`, { skip: !hasStrace }, () => {
    const options = [...TRACED, '-a9', '-e', `inject=getuid,getgid:retval=${rval}`];
    const s = traceWith('strace', options, [fixture('never-fails')]);
    const v = traceWith('vat', options, [fixture('never-fails')]);
    assert.match(s.trace, /^getuid\(\) = \d+ \(INJECTED\)$/m);
    assert.equal(normalize(v.trace), normalize(s.trace));
    assert.equal(v.status, s.status);
  });
