// Syscall-specific argument decoders by name (`custom(ioctl)`): for conditional and two-phase arguments.
import { createRequire } from 'node:module';
import { type LazyFamily, lazyTable } from '../../util/lazy-table.js';
import type { ArgDecoder } from '../context.js';
import { BASIC_DECODERS } from './basic.js';
import { CLONE_DECODERS } from './clone.js';
import { FCNTL_DECODERS } from './fcntl.js';
import { FUTEX_DECODERS } from './futex.js';
import { FUTEX_WAITV_DECODERS } from './futex-waitv.js';
import { I386_DECODERS } from './i386.js';
import { ioUringParams } from './io-uring-setup.js';
import { LANDLOCK_DECODERS } from './landlock.js';
import { LDT_DECODERS } from './ldt.js';
import { MISC_DECODERS } from './misc.js';
import { MQ_DECODERS } from './mq.js';
import { OPEN_DECODERS } from './open-mode.js';
import { PRCTL_DECODERS } from './prctl.js';
import { PTRACE_DECODERS } from './ptrace.js';
import { SCHED_DECODERS } from './sched.js';
import { SECCOMP_DECODERS } from './seccomp.js';
import { WAIT_DECODERS } from './wait.js';
import { XATTR_DECODERS } from './xattr.js';

// Unbundled, Node (≥ 20.19) require()s these ES modules; scripts/bundle.mjs makes lazyRequire esbuild's require, which
// runs each family's initialiser at its first call instead of at every start-up.
const lazyRequire = createRequire(import.meta.url);

type Decoders = Readonly<Record<string, ArgDecoder>>;

/** Families a trace rarely meets (ioctl alone is ~150 KB of code and its struct layouts): loaded at their first name. */
const LAZY_FAMILIES: readonly LazyFamily<ArgDecoder>[] = [
  [['ioctl', 'ioctl_arg'], () => (lazyRequire('./ioctl.js') as typeof import('./ioctl.js')).IOCTL_DECODERS],
  [
    ['sockbuf_in', 'sockbuf_out', 'socket_protocol', 'sockopt_name', 'pos_high', 'remote_iovec'],
    () => (lazyRequire('./net.js') as typeof import('./net.js')).NET_CUSTOM_DECODERS,
  ],
  [
    ['msgctl_buf', 'semctl_arg', 'shmctl_buf'],
    () => (lazyRequire('./ipc.js') as typeof import('./ipc.js')).IPC_DECODERS,
  ],
  [['keyctl_arg'], () => (lazyRequire('./keyctl.js') as typeof import('./keyctl.js')).KEYCTL_DECODERS],
  [
    ['quotactl_cmd', 'quotactl_id', 'quotactl_addr'],
    () => (lazyRequire('./quotactl.js') as typeof import('./quotactl.js')).QUOTACTL_DECODERS,
  ],
  [['perf_event_attr'], () => (lazyRequire('./perf.js') as typeof import('./perf.js')).PERF_DECODERS],
  [
    ['bpf_attr'],
    (): Decoders => ({ bpf_attr: (lazyRequire('./bpf-attr.js') as typeof import('./bpf-attr.js')).bpfAttr }),
  ],
  [
    ['io_uring_register_arg'],
    (): Decoders => ({
      io_uring_register_arg: (
        lazyRequire('./io-uring-register.js') as typeof import('./io-uring-register.js')
      ).ioUringRegisterArg,
    }),
  ],
];

/** The decoder named `custom(NAME)` in a signature, or undefined where none exists. */
export const customDecoder = lazyTable<ArgDecoder>(
  {
    ...OPEN_DECODERS,
    ...FCNTL_DECODERS,
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
    ...BASIC_DECODERS,
    ...I386_DECODERS,
    ...XATTR_DECODERS,
    ...LANDLOCK_DECODERS,
    ...MQ_DECODERS,
    io_uring_params: ioUringParams,
  },
  LAZY_FAMILIES,
);
