// A whole syscall as strace text, made straight from an eBPF record (engine/ebpf/fast-text.ts) and printed by
// the strace-text formatter as the call's enter and exit events would print.

/**
 * A whole call as text (the eBPF engine's record-to-text path, for calls whose arguments are numbers, fds and
 * strings): printed as its enter and exit events would print.
 */
export interface CallText {
  readonly type: 'call';
  readonly pid: number;
  /** Entry and exit stamps. */
  readonly ts: bigint;
  readonly tsExit: bigint;
  readonly nr: number;
  readonly name: string;
  /** `name(` and the entry arguments (then `, ` when arguments follow at exit). */
  readonly head: string;
  /** The exit arguments and `)`. */
  readonly tail: string;
  /** The return as printed: `1`, `0x7f...`, `-1 ENOENT (No such file or directory)`. */
  readonly result: string;
  readonly failed: boolean;
}
