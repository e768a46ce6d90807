// Classic BPF programs as strace 6.1 lists them with -v (SO_ATTACH_FILTER, SO_GET_FILTER, seccomp, prctl):
// field names per class, seccomp actions, socket-filter offsets, unexplained bits, a program cut by an unmapped
// page, BPF_MAXINSNS, and every -X style; without -v the program is its address.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

const TRACE = ['-e', 'trace=setsockopt,getsockopt,seccomp,prctl'];

for (const extra of [['-v'], ['-v', '-X', 'raw'], ['-v', '-X', 'verbose'], []]) {
  test(`BPF programs with ${extra.join(' ') || 'defaults'}: as strace lists them`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('bpf-filters');
    const opts = [...TRACE, ...extra];
    // -v lists programs behind sock_fprog's pointer, up to BPF_MAXINSNS (32 KiB): more than eBPF copies (README)
    const pin = extra.length > 0 ? ['--engine', 'ptrace'] : [];
    const v = normalize(traceWith('vat', [...pin, ...opts], [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    if (extra.length === 1) {
      assert.match(v, /BPF_STMT\(BPF_LD\|BPF_W\|BPF_ABS, SKF_AD_OFF\+SKF_AD_PROTOCOL\)/);
      assert.match(v, /BPF_STMT\(BPF_RET\|BPF_K, SECCOMP_RET_ERRNO\|0x10\)/);
      assert.match(v, /\.\.\. \/\* ADDR \*\/\]\}/);
    }
    if (extra.length === 0) assert.match(v, /\{len=9, filter=ADDR\}/);
  });
}
