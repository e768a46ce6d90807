// struct user_desc, whose flags are bit-fields the struct generator lays out, in modify_ldt, set_thread_area and
// get_thread_area, and modify_ldt's 32-bit -errno (`= 4294967258 ENOSYS (...)`), compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

test('user_desc bit-fields and modify_ldt clipped errors, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('user-desc');
  for (const extra of [[], ['-Xraw'], ['-e', 'verbose=none']]) {
    const opts = [...extra, '-e', 'trace=modify_ldt,set_thread_area,get_thread_area'];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace), extra.join(' '));
    if (extra.length === 0) {
      assert.match(
        v,
        /modify_ldt\(57005, \{entry_number=2206368128, base_addr=0x87868584, limit=0x8b8a8988, seg_32bit=0, contents=2, read_exec_only=1, limit_in_pages=0, seg_not_present=0, useable=0, lm=1\}, 16\) += 4294967258 ENOSYS/,
      );
      assert.match(v, /get_thread_area\(\{entry_number=-1, \.\.\.\}\) += -1 ENOSYS/);
    }
  }
});
