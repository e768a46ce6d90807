// NETLINK_GENERIC message types by the family the kernel gave each id (GENL_ID_CTRL is "nlctrl"), asked of the
// kernel as strace does, compared with strace 6.1 in the three -X styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, stylesOf, traceWith } from '../../helpers/strace-oracle.js';

for (const engine of ENGINES)
  test(`${engine}: generic netlink types by family name, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-generic');
    for (const style of stylesOf(engine, [[], ['-X', 'raw'], ['-X', 'verbose']])) {
      const opts = [...style, '-e', 'trace=sendto'];
      const v = normalize(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace);
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    }
    const v = traceWith('vat', ['--engine', engine, '-e', 'trace=sendto'], [exe]).trace;
    assert.match(v, /nlmsg_type=nlctrl, nlmsg_flags=0x300 \/\* NLM_F_\?\?\? \*\//);
    assert.match(v, /nlmsg_type=0xfffe \/\* GENERIC_FAMILY_\?\?\? \*\//);
    if (engine === 'ebpf') return; // -X: ptrace's
    const verbose = traceWith(
      'vat',
      ['--engine', engine, '-X', 'verbose', '-e', 'trace=sendto'],
      [exe],
    ).trace;
    assert.match(verbose, /nlmsg_type=0x10 \/\* nlctrl \*\//);
  });
