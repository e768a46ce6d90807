// strace's trace classes (`-e trace=%file`): which x86_64 syscalls each class selects. Generated from strace's
// own syscall tables (data/kernel/strace-trace-classes.tsv, see data/kernel/ORIGIN.md); '%net' is an alias of
// '%network'.
import { TRACE_CLASSES } from './generated/trace-classes.js';

export { TRACE_CLASSES };
export type TraceClass = keyof typeof TRACE_CLASSES;
