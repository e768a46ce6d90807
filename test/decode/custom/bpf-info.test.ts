// bpf(2) on a real map and program: eBPF instructions under -v, the fds BPF_MAP_CREATE and BPF_PROG_LOAD return
// (-y), and BPF_OBJ_GET_INFO_BY_FD's bpf_map_info / bpf_prog_info at exit, compared with strace 6.1. Object ids
// and the load time differ between the two runs and are masked; vat's load-time date is checked on its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, traceWith } from '../../helpers/strace-oracle.js';

/** What differs between two runs: object ids, load times, the fixture's addresses, the socket on fd 0. */
const mask = (t: string): string =>
  t
    .replace(/\bid=\d+/g, 'id=ID')
    .replace(/load_time=\d+( \/\* [^*]* \*\/)?/g, 'load_time=T')
    .replace(/0x[0-9a-f]{9,}/g, 'ADDR')
    .replace(/socket:\[\d+\]/g, 'socket');

for (const opts of [['-y', '-v'], ['-y'], ['-v', '-Xraw'], ['-v', '-Xverbose']]) {
  test(`bpf objects and their info ${opts.join(' ')}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('bpf-objects');
    const o = ['-e', 'trace=bpf', ...opts];
    // -y -v: the info's entry values and xlated_prog_insns are two pointers deep (attr, info, insns), deeper than
    // eBPF copies (README, Engines): pinned to ptrace
    const pin = opts.join(' ') === '-y -v' ? ['--engine', 'ptrace'] : [];
    const v = traceWith('vat', [...pin, ...o], [exe]).trace;
    assert.equal(mask(v), mask(traceWith('strace', o, [exe]).trace));
    if (opts.includes('-y')) assert.match(v, /\) = 3<anon_inode:bpf-map>\n/);
    if (opts.includes('-v')) assert.match(v, /xlated_prog_insns=\[\{code=/);
  });
}

// both engines: eBPF's reader knows the info fd is a program from the kernel (the process is gone when it decodes)
for (const engine of ENGINES)
  test(`${engine}: a program load time is dated by the wall clock (print_boottime)`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const before = Math.floor(Date.now() / 1000);
    const v = traceWith('vat', ['--engine', engine, '-e', 'trace=bpf', '-v'], [fixture('bpf-objects')]).trace;
    const after = Math.ceil(Date.now() / 1000);
    const m = /load_time=\d+ \/\* (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)([+-]\d\d)(\d\d) \*\//.exec(v);
    assert.ok(m, v);
    const at = Date.parse(`${m[1]}${m[2]}:${m[3]}`) / 1000;
    assert.ok(at >= before - 2 && at <= after + 2, `${m[0]} not within ${before}..${after}`);
  });
