// vat's classic BPF compiler for seccomp filters: the API the tracer and the security commands use.
export {
  ALLOW,
  actionOf,
  actionValue,
  errnoAction,
  KILL_PROCESS,
  KILL_THREAD,
  LOG,
  type SeccompAction,
  traceAction,
  trapAction,
  USER_NOTIF,
} from './actions.js';
export { disassemble } from './disasm.js';
export { decodeProgram, encodeProgram, type Insn } from './insn.js';
export type { SeccompPolicy, SyscallActions, SyscallRule } from './policy.js';
export { runSeccompFilter } from './run.js';
export { compileSeccomp } from './seccomp-compiler.js';
export { tracingPolicy } from './trace-policy.js';
