// The struct decoders of syscall-specific arguments (`out(wait_status)`, `inout(clone_args)`), registered with
// the other struct decoders in src/decode/structs/index.ts.
import { CLONE_STRUCTS } from './clone.js';
import { SCHED_STRUCTS } from './sched.js';
import { WAIT_STRUCTS } from './wait.js';

export const CUSTOM_STRUCTS = { ...CLONE_STRUCTS, ...WAIT_STRUCTS, ...SCHED_STRUCTS } as const;
