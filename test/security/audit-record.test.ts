// Kill-mode attribution reads audit records by field: a program named `syscall=0` or `pid=1` is named right.
import assert from 'node:assert/strict';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { auditFields, seccompAudit } from '../../src/security/audit-record.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const REC = (comm: string, exe: string, pid = 42) =>
  `6,1234,5678,-;audit: type=1326 audit(1796504827.097:25): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=${pid} comm=${comm} exe=${exe} sig=31 arch=c000003e syscall=101 compat=0 ip=0x7fd5cf087829 code=0x80000000`;

test('audit fields: quoted and hex-encoded values never pose as fields', () => {
  const f = auditFields(REC('"syscall=0"', '"/tmp/syscall=0"'));
  assert.equal(f.get('comm'), 'syscall=0');
  assert.equal(f.get('syscall'), '101');
  assert.deepEqual(seccompAudit(REC('"syscall=0"', '"/tmp/x"'), 42), { nr: 101, i386: false });
  // audit hex-encodes a value with a space or a quote: `syscall=0 pid=42` as a name
  const hex = Buffer.from('a syscall=0 pid=42').toString('hex').toUpperCase();
  assert.deepEqual(seccompAudit(REC(hex, hex, 7), 7), { nr: 101, i386: false });
  assert.equal(seccompAudit(REC('"pid=42"', '"/x"', 7), 42), undefined, 'another process, named pid=42');
  assert.equal(seccompAudit(REC('"x"', '"/x"').replace('type=1326', 'type=1300'), 42), undefined);
});

test('kill mode names the refused syscall of a program called syscall=0 (when the audit log is readable)', (t) => {
  const dir = scratch();
  dirs.push(dir);
  const exe = join(dir, 'syscall=0');
  copyFileSync(fixture('hostile'), exe);
  const profile = join(dir, 'p.json');
  assert.equal(runVat(['profile', 'record', '-o', profile, '--', exe, 'benign']).status, 0);
  const r = runVat(['sandbox', '--profile', profile, '--mode', 'kill', '--', exe, 'ptrace-64']);
  assert.equal(r.status, 128 + 31, r.stderr);
  if (!/named from the kernel audit log/.test(r.stderr)) {
    t.skip('the kernel audit log is not readable here');
    return;
  }
  assert.match(r.stderr, /^vat: +1 {2}ptrace$/m, r.stderr);
  assert.doesNotMatch(r.stderr, /^vat: +1 {2}read$/m);
});
