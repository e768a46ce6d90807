// Children vat did not start tracing, without -f (strace's clone_parent and clone_ptrace tests): a CLONE_PARENT
// child is vat's own child (`Exit of unknown pid N ignored`), a CLONE_PTRACE one is attached by the kernel and
// let go (`Detached unknown pid N`), each silenced by its -q class, as strace 6.1 does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

const notices = (stderr: string): string =>
  stderr.replace(/^(strace|vat): /gm, 'TRACER: ').replace(/\d+/g, 'N');

// no -q with -o implies -q (as strace): --quiet=personality shows both notices
for (const quiet of [[], ['--quiet=personality'], ['-q'], ['-qq'], ['--quiet=attach'], ['--quiet=exit']]) {
  test(`unknown children with ${quiet.join(' ') || 'no -q'}: notices and trace as strace's`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('unknown-children');
    const opts = ['-e', 'trace=none', ...quiet];
    // the subject is the ptrace engine's wait loop (a CLONE_PTRACE child let go, an unknown child reaped): pinned
    const vat = traceWith('vat', ['--engine', 'ptrace', ...opts], [exe]);
    const strace = traceWith('strace', opts, [exe]);
    assert.equal(vat.status, 0, vat.stderr);
    assert.equal(notices(vat.stderr), notices(strace.stderr));
    assert.equal(normalize(vat.trace), normalize(strace.trace));
    if (quiet[0] === '--quiet=personality')
      assert.equal(
        notices(vat.stderr),
        'TRACER: Exit of unknown pid N ignored\nTRACER: Detached unknown pid N\n',
      );
  });
}
