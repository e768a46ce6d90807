// vat's classic BPF compiler for seccomp filters: the API the tracer and the security commands use.
export {
  ALLOW,
  actionOf,
  actionValue,
  errnoAction,
  formatActionValue,
  KILL_PROCESS,
  KILL_THREAD,
  LOG,
  type SeccompAction,
  traceAction,
  trapAction,
  USER_NOTIF,
} from './actions.js';
export type { ArgMatch } from './arg-match.js';
export { type DisasmOptions, disassemble } from './disasm.js';
export { BpfError } from './errors.js';
export { decodeProgram, encodeProgram, INSN_SIZE, type Insn } from './insn.js';
export type { SeccompPolicy, SyscallActions, SyscallRule } from './policy.js';
export { runSeccompFilter, type SeccompData } from './run.js';
export { compileSeccomp } from './seccomp-compiler.js';
export { type TracedNumbers, tracingPolicy } from './trace-policy.js';
export { validateSeccompProgram } from './validate.js';
