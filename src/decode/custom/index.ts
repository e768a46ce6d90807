// Syscall-specific argument decoders by name (`custom(ioctl)`): for conditional and two-phase arguments.
import type { ArgDecoder } from '../context.js';
import { BASIC_DECODERS } from './basic.js';
import { bpfAttr } from './bpf-attr.js';
import { CLONE_DECODERS } from './clone.js';
import { FCNTL_DECODERS } from './fcntl.js';
import { FUTEX_DECODERS } from './futex.js';
import { FUTEX_WAITV_DECODERS } from './futex-waitv.js';
import { I386_DECODERS } from './i386.js';
import { ioUringRegisterArg } from './io-uring-register.js';
import { ioUringParams } from './io-uring-setup.js';
import { IOCTL_DECODERS } from './ioctl.js';
import { IPC_DECODERS } from './ipc.js';
import { KEYCTL_DECODERS } from './keyctl.js';
import { LANDLOCK_DECODERS } from './landlock.js';
import { LDT_DECODERS } from './ldt.js';
import { MISC_DECODERS } from './misc.js';
import { MQ_DECODERS } from './mq.js';
import { NET_CUSTOM_DECODERS } from './net.js';
import { OPEN_DECODERS } from './open-mode.js';
import { PERF_DECODERS } from './perf.js';
import { PRCTL_DECODERS } from './prctl.js';
import { PTRACE_DECODERS } from './ptrace.js';
import { QUOTACTL_DECODERS } from './quotactl.js';
import { SCHED_DECODERS } from './sched.js';
import { SECCOMP_DECODERS } from './seccomp.js';
import { WAIT_DECODERS } from './wait.js';
import { XATTR_DECODERS } from './xattr.js';

export const CUSTOM_DECODERS: Readonly<Record<string, ArgDecoder>> = {
  ...OPEN_DECODERS,
  ...FCNTL_DECODERS,
  ...IOCTL_DECODERS,
  ...FUTEX_DECODERS,
  ...FUTEX_WAITV_DECODERS,
  ...CLONE_DECODERS,
  ...WAIT_DECODERS,
  ...PRCTL_DECODERS,
  ...LDT_DECODERS,
  ...SCHED_DECODERS,
  ...MISC_DECODERS,
  ...PTRACE_DECODERS,
  ...SECCOMP_DECODERS,
  ...KEYCTL_DECODERS,
  ...BASIC_DECODERS,
  ...IPC_DECODERS,
  ...QUOTACTL_DECODERS,
  ...NET_CUSTOM_DECODERS,
  ...I386_DECODERS,
  ...XATTR_DECODERS,
  ...LANDLOCK_DECODERS,
  ...MQ_DECODERS,
  ...PERF_DECODERS,
  bpf_attr: bpfAttr,
  io_uring_params: ioUringParams,
  io_uring_register_arg: ioUringRegisterArg,
};
