// The struct decoders of syscall-specific arguments (`out(wait_status)`, `inout(clone_args)`), registered with
// the other struct decoders in src/decode/structs/index.ts.
import { AIO_STRUCTS } from './aio.js';
import { CLONE_STRUCTS } from './clone.js';
import { IPC_STRUCTS } from './ipc.js';
import { KEXEC_STRUCTS } from './kexec.js';
import { LANDLOCK_STRUCTS } from './landlock.js';
import { MOUNT_ATTR_STRUCTS } from './mount-attr.js';
import { NUMA_STRUCTS } from './numa.js';
import { OPEN_HOW_STRUCTS } from './open-how.js';
import { SCHED_STRUCTS } from './sched.js';
import { TIMEX_STRUCTS } from './timex.js';
import { WAIT_STRUCTS } from './wait.js';

export const CUSTOM_STRUCTS = {
  ...CLONE_STRUCTS,
  ...WAIT_STRUCTS,
  ...SCHED_STRUCTS,
  ...OPEN_HOW_STRUCTS,
  ...MOUNT_ATTR_STRUCTS,
  ...LANDLOCK_STRUCTS,
  ...IPC_STRUCTS,
  ...NUMA_STRUCTS,
  ...TIMEX_STRUCTS,
  ...KEXEC_STRUCTS,
  ...AIO_STRUCTS,
} as const;
