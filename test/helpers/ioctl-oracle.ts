// The ioctl decoders' tests: one fixture traced with `-e trace=ioctl` by vat and strace (the oracle) under a list
// of option sets (constant styles, -v, calls failing and injected to succeed), the traces equal once normalized.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './fixtures.js';
import { hasStrace, normalize, traceWith } from './strace-oracle.js';

/** The option sets most ioctl families are checked under: failing (EBADF) and succeeding, in each -X style. */
export const IOCTL_OPTION_SETS: readonly (readonly string[])[] = [
  [],
  ['-v'],
  ['-Xraw'],
  ['-Xverbose'],
  ['-e', 'inject=ioctl:retval=0'],
  ['-v', '-Xverbose', '-e', 'inject=ioctl:retval=0'],
];

export interface IoctlOracle {
  /** What the tests are called: `<title> ioctls <options> match strace`. */
  readonly title: string;
  /** The C fixture under test/fixtures that issues the requests. */
  readonly fixture: string;
  readonly optionSets?: readonly (readonly string[])[];
  /** More normalization, applied to both traces (a pid inside a struct). */
  readonly mask?: (trace: string) => string;
  /** Asserts on vat's normalized trace, so that a test fails when the fixture stops issuing what it checks. */
  readonly check?: (trace: string, extra: readonly string[]) => void;
  /** vat runs `--engine ptrace`: the fixture passes memory the eBPF engine cannot copy (the caller says why). */
  readonly ptrace?: true;
}

/** One test per option set: vat's trace of the fixture equals strace's. */
export function ioctlMatchesStrace(o: IoctlOracle): void {
  for (const extra of o.optionSets ?? IOCTL_OPTION_SETS) {
    test(`${o.title} ioctls ${extra.join(' ') || '(default)'} match strace`, {
      skip: !hasStrace && 'strace is not installed',
    }, () => {
      const exe = fixture(o.fixture);
      const opts = ['-e', 'trace=ioctl', ...extra];
      const mask = o.mask ?? ((t: string) => t);
      const pin = o.ptrace ? ['--engine', 'ptrace'] : [];
      const v = mask(normalize(traceWith('vat', [...pin, ...opts], [exe]).trace));
      assert.equal(v, mask(normalize(traceWith('strace', opts, [exe]).trace)));
      o.check?.(v, extra);
    });
  }
}
