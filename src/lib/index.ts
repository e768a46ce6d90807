// vat as a library: trace a command from code, read recorded traces, and assert on a program's syscalls.

export { TraceError } from './errors.js';
export type {
  ExecEvent,
  ExitEvent,
  SignalEvent,
  StackFrame,
  SyscallEvent,
  Value,
  VatEvent,
} from './events.js';
export {
  callViolations,
  type ExpectOptions,
  expectSyscalls,
  LOADER_FILES,
  openedPath,
  openViolations,
  SyscallAssertionError,
  type Violation,
} from './expect.js';
export { forEachEvent, readTrace } from './read.js';
export { type TraceOptions, type TraceRun, trace } from './trace.js';
