// The names the kernel gives fds that have no path (anonymous inodes, memfd), by the call that made them: the eBPF
// reader decodes after the calls ran, when the process may have closed the fd or ended and /proc can no longer name
// it. The texts are /proc/PID/fd's (the name each call passes to anon_inode_getfd), checked on this kernel with
// readlink; test/engine/ebpf/anon-fds.test.ts compares them with strace's, which reads them from /proc live.
import { createRequire } from 'node:module';
import { pathText } from '../../filter/fd-paths.js';
import type { Value } from '../../model/value.js';
import { constantOf } from '../../tables/constants.js';
import { bytesText } from '../../util/os-bytes.js';

// bpf's commands come from its decoder family, loaded at its first use (decode/custom/index.ts): a bpf record was
// decoded before its fd is learnt, so this finds the family loaded (scripts/bundle.mjs makes this esbuild's require)
const lazyRequire = createRequire(import.meta.url);
const bpfFdCommand = (cmd: number): string | undefined =>
  (
    lazyRequire('../../decode/custom/bpf-attr.js') as typeof import('../../decode/custom/bpf-attr.js')
  ).bpfFdCommand(cmd);

/** Calls whose new fd is always the same kind of anonymous inode. */
const BY_CALL: Readonly<Record<string, string>> = {
  eventfd: 'anon_inode:[eventfd]',
  eventfd2: 'anon_inode:[eventfd]',
  epoll_create: 'anon_inode:[eventpoll]',
  epoll_create1: 'anon_inode:[eventpoll]',
  signalfd: 'anon_inode:[signalfd]',
  signalfd4: 'anon_inode:[signalfd]',
  timerfd_create: 'anon_inode:[timerfd]',
  pidfd_open: 'anon_inode:[pidfd]',
  io_uring_setup: 'anon_inode:[io_uring]',
  perf_event_open: 'anon_inode:[perf_event]',
  inotify_init: 'anon_inode:inotify',
  inotify_init1: 'anon_inode:inotify',
  fanotify_init: 'anon_inode:[fanotify]',
  userfaultfd: 'anon_inode:[userfaultfd]',
};

// The constants below are looked up at their first use, not at load: ioctl_cmd is the largest entry of the xlat
// table, and parsing it cost every eBPF trace ~1.5 ms of start-up for calls most traces never make.

/** With this flag landlock_create_ruleset returns the ABI version, not an fd. */
let landlockVersionFlag: bigint | undefined;
const landlockVersion = (): bigint =>
  (landlockVersionFlag ??= constantOf('landlock_create_ruleset_flags', 'LANDLOCK_CREATE_RULESET_VERSION'));

/** KVM's ioctls that return a new fd: virt/kvm/kvm_main.c names the VM `kvm-vm` and a vcpu `kvm-vcpu:ID` (its id). */
let kvmCreate: { readonly vm: bigint; readonly vcpu: bigint } | undefined;

/** bpf commands whose new fd is a map or a program (links, BTF, pinned objects: asked of /proc while it can tell). */
const BY_BPF_COMMAND: Readonly<Record<string, string>> = {
  BPF_MAP_CREATE: 'anon_inode:bpf-map',
  BPF_MAP_GET_FD_BY_ID: 'anon_inode:bpf-map',
  BPF_PROG_LOAD: 'anon_inode:bpf-prog',
  BPF_PROG_GET_FD_BY_ID: 'anon_inode:bpf-prog',
};

/** What a call's new fd is named (a memfd's: its file, deleted from the start), undefined: not such a call. */
export type AnonName = { readonly link: string } | { readonly gone: string };

/**
 * The name of the fd a successful call returned, when the call alone tells it; `ask` when the call returns an fd its
 * signature does not type as one (bpf's) and nothing names it; undefined: not an fd-making call of these.
 */
export function anonFd(
  name: string,
  raw: readonly bigint[],
  args: readonly Value[],
): AnonName | 'ask' | undefined {
  const link = BY_CALL[name];
  if (link !== undefined) return { link };
  if (name === 'landlock_create_ruleset')
    return ((raw[2] ?? 0n) & landlockVersion()) === 0n
      ? { link: 'anon_inode:[landlock-ruleset]' }
      : undefined;
  if (name === 'memfd_create') {
    // mm/memfd.c names the file "memfd:NAME", unlinked: /proc shows `/memfd:NAME (deleted)`
    const given = pathText(args[0]);
    return given === undefined ? 'ask' : { gone: `/memfd:${bytesText(Buffer.from(given, 'latin1'))}` };
  }
  if (name === 'ioctl') {
    const cmd = BigInt.asUintN(32, raw[1] ?? 0n);
    kvmCreate ??= {
      vm: constantOf('ioctl_cmd', 'KVM_CREATE_VM'),
      vcpu: constantOf('ioctl_cmd', 'KVM_CREATE_VCPU'),
    };
    if (cmd === kvmCreate.vm) return { link: 'anon_inode:kvm-vm' };
    if (cmd === kvmCreate.vcpu) return { link: `anon_inode:kvm-vcpu:${BigInt.asIntN(32, raw[2] ?? 0n)}` };
    return undefined;
  }
  if (name === 'bpf') {
    const cmd = bpfFdCommand(Number(BigInt.asIntN(32, raw[0] ?? 0n)));
    if (cmd === undefined) return undefined;
    const byCmd = BY_BPF_COMMAND[cmd];
    return byCmd === undefined ? 'ask' : { link: byCmd };
  }
  return undefined;
}
