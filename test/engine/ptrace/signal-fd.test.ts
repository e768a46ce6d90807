// A signal's si_fd under -y: the path of the tracee's fd, as in a call's arguments and as strace prints it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

const OPTIONS = ['-y', '-e', 'trace=read,write', '-e', 'signal=SIGIO'];
/** One run's pipe inode, made the same for both tracers. */
const same = (trace: string): string => normalize(trace).replace(/pipe:\[\d+\]/g, 'pipe:[INODE]');

test('--- SIGIO {... si_fd=3<pipe:[...]>} under -y, as strace', { skip: !hasStrace }, () => {
  const exe = fixture('signal-fd');
  const vat = traceWith('vat', OPTIONS, [exe]);
  const strace = traceWith('strace', OPTIONS, [exe]);
  assert.equal(vat.status, 0, vat.stderr);
  assert.match(vat.trace, /^--- SIGIO \{.*si_fd=3<pipe:\[\d+\]>\} ---$/m);
  assert.equal(same(vat.trace), same(strace.trace));
});

test('without -y si_fd stays a number', () => {
  const vat = traceWith('vat', OPTIONS.slice(1), [fixture('signal-fd')]);
  assert.match(vat.trace, /^--- SIGIO \{.*si_fd=3\} ---$/m);
});
