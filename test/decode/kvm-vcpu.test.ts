// -e kvm=vcpu: after ioctl(KVM_RUN) the vcpu's exit reason (`= 0 (KVM_EXIT_IO)`), read from the struct kvm_run
// the command maps, as strace 6.1 prints it (its tests/ioctl_kvm_run_auxstr_vcpu). A tiny guest runs an `out`
// and a `hlt`. Where /dev/kvm is missing the vcpu test skips, and the trace is compared with strace's as is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';
import { ENGINES, hasStrace } from '../helpers/strace-oracle.js';

interface Run {
  readonly status: number | null;
  readonly trace: string;
}

function trace(tracer: 'vat' | 'strace', options: readonly string[]): Run {
  const out = join(scratch(), 'trace.txt');
  const argv = [...options, '-o', out, '--', fixture('kvm-vcpu')];
  const r =
    tracer === 'vat'
      ? spawnSync(process.execPath, [CLI, ...argv], { encoding: 'utf8', timeout: 60_000 })
      : spawnSync('strace', argv, { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, trace: existsSync(out) ? readFileSync(out, 'utf8') : '' };
}

/** Why this machine cannot run the guest, or undefined when it can. */
function kvmUnusable(): string | undefined {
  if (!existsSync('/dev/kvm')) return 'no /dev/kvm here: no vcpu exit reason can be produced';
  const r = spawnSync(fixture('kvm-vcpu'), { encoding: 'utf8' });
  return r.status === 0 ? undefined : `the KVM guest cannot run here: ${r.stderr.trim()}`;
}

/** The KVM_RUN lines, their fd number left out (the vcpu is fd 5 unless the command inherited more). */
const kvmRunLines = (t: string): string[] =>
  t
    .split('\n')
    .filter((l) => l.includes('KVM_RUN'))
    .map((l) => l.replace(/^ioctl\(\d+/, 'ioctl(N'));

test('-e kvm=vcpu: KVM_RUN shows the vcpu exit reason, as strace', (t) => {
  const why = kvmUnusable();
  if (why !== undefined) {
    t.skip(why);
    return;
  }
  for (const options of [['-e', 'kvm=vcpu'], ['--kvm=vcpu']]) {
    const vat = trace('vat', ['-y', '-e', 'trace=ioctl', ...options]);
    const strace = trace('strace', ['-y', '-e', 'trace=ioctl', ...options]);
    assert.equal(vat.status, 0);
    assert.deepEqual(kvmRunLines(vat.trace), [
      'ioctl(N<anon_inode:kvm-vcpu:0>, KVM_RUN, 0) = 0 (KVM_EXIT_IO)',
      'ioctl(N<anon_inode:kvm-vcpu:0>, KVM_RUN, 0) = 0 (KVM_EXIT_HLT)',
    ]);
    assert.deepEqual(kvmRunLines(vat.trace), kvmRunLines(strace.trace));
  }
  // without the option: no reason
  const plain = trace('vat', ['-e', 'trace=ioctl']);
  assert.deepEqual(kvmRunLines(plain.trace), kvmRunLines(trace('strace', ['-e', 'trace=ioctl']).trace));
  assert.ok(kvmRunLines(plain.trace).every((l) => /\) += 0$/.test(l)));
});

// the eBPF engine names the VM's and vcpu's fds from the ioctls that made them (engine/ebpf/anon-fds.ts); -e kvm=vcpu
// reads the command's memory, so auto leaves it to ptrace
for (const engine of ENGINES)
  test(`${engine} -y: KVM's VM and vcpu fds named as strace names them`, { skip: !hasStrace }, (t) => {
    const why = kvmUnusable();
    if (why !== undefined) {
      t.skip(why);
      return;
    }
    // the fd and the command only: vat decodes none of KVM's structs (strace does)
    const kvmLines = (r: Run): string[] => r.trace.match(/^ioctl\(\d+(<[^>]*>)?, KVM_\w+/gm) ?? [];
    const vat = trace('vat', ['--engine', engine, '-y', '-e', 'trace=ioctl']);
    const strace = trace('strace', ['-y', '-e', 'trace=ioctl']);
    assert.equal(vat.status, 0);
    assert.ok(
      kvmLines(strace).some((l) => l.includes('<anon_inode:kvm-vcpu:0>')),
      strace.trace,
    );
    assert.deepEqual(kvmLines(vat), kvmLines(strace));
  });

test('-e kvm=vcpu without /dev/kvm: the same trace as strace', (t) => {
  if (existsSync('/dev/kvm')) {
    t.skip('/dev/kvm exists here: the vcpu test above compares the traces');
    return;
  }
  const options = ['-e', 'trace=openat,ioctl', '-e', 'kvm=vcpu'];
  const vat = trace('vat', options);
  const strace = trace('strace', options);
  assert.equal(vat.status, 77);
  assert.equal(vat.status, strace.status);
  assert.match(vat.trace, /openat\(AT_FDCWD, "\/dev\/kvm", O_RDWR\|O_CLOEXEC\) = -1 ENOENT/);
  assert.equal(vat.trace, strace.trace);
});
