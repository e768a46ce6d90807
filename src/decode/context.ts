// What an argument decoder sees: the raw registers, tracee memory, options, and at exit the result.
import type { SignatureArg } from '../tables/signature.js';
import type { Memory } from './memory.js';
import type { DecodeOptions } from './options.js';

export interface CallContext {
  readonly pid: number;
  readonly name: string;
  readonly raw: readonly bigint[];
  readonly args: readonly SignatureArg[];
  readonly mem: Memory;
  readonly opts: DecodeOptions;
  /** Path behind an fd of this process (for -y), read from /proc. */
  readonly fdPath: (fd: number) => string | undefined;
  /**
   * -y: whether the fd's file was deleted, `link` being what fdPath gave (the engine that followed the fds knows; else
   * /proc is asked, as strace does: the kernel's ` (deleted)` suffix, unless a file is named so).
   */
  readonly fdDeleted?: (fd: number, link: string) => { path: string; deleted: boolean };
  /** -e kvm=vcpu: where this process maps the file named so in /proc/PID/maps (a vcpu's struct kvm_run). */
  readonly mappingOf?: (name: string) => { start: bigint; end: bigint } | undefined;
  /** The working directory (for AT_FDCWD under -y) when the engine keeps it; else read from /proc. */
  readonly cwdPath?: () => string | undefined;
  /** The stack pointer at entry (PTRACE_GET_SYSCALL_INFO), for arguments that live on the stack. */
  readonly stackPointer?: bigint;
  /** 'i386' for a 32-bit program's call (int 0x80); unset for x86_64. Layout-aware decoders read it (abi.ts). */
  readonly abi?: 'i386';
  /** At exit: the raw return value; undefined at entry. */
  ret?: bigint;
  /** At exit: true when the call failed (ret is -errno). */
  failed?: boolean;
  /**
   * Set by entry decoders when none of the exit-phase arguments will print (strace's RVAL_DECODED at entry,
   * e.g. clone without tid flags, ioctl FIOCLEX): the entry line then does not end with `, `.
   */
  entryOnly?: boolean;
  /** Set by exit decoders: text after the return value, without parentheses (`Timeout`, `[{fd=3, revents=POLLIN}]`). */
  retDetail?: string;
  /** Set by exit decoders: the return value in another form than the signature's (fcntl F_GETFL flags). */
  retValue?: import('../model/value.js').Value;
  /** What `atEntry` hooks saved for exit, by argument index (the socklen a caller gave before the kernel rewrote it). */
  saved?: unknown[];
}

export interface ArgDecoder {
  /** entry: decoded at syscall entry; exit: decoded once the kernel has filled it in. */
  readonly phase: 'entry' | 'exit';
  decode(ctx: CallContext, index: number, param: string | undefined): import('../model/value.js').Value;
  /**
   * Two-phase arguments (strace's entering/exiting): runs at entry whatever the phase, to save in `ctx.saved`
   * what the kernel will overwrite (an in/out length, a timeout).
   */
  readonly atEntry?: (ctx: CallContext, index: number, param: string | undefined) => void;
  /** Runs at exit before the exit-phase arguments are decoded, e.g. to set `ctx.retDetail` (poll's revents). */
  readonly atExit?: (ctx: CallContext, index: number, param: string | undefined) => void;
}

/** The raw value of argument `i` as a signed 32-bit int (how the kernel reads `int` arguments). */
export const asInt = (raw: bigint | undefined): number => Number(BigInt.asIntN(32, raw ?? 0n));
export const asUint = (raw: bigint | undefined): number => Number(BigInt.asUintN(32, raw ?? 0n));
export const asLong = (raw: bigint | undefined): bigint => BigInt.asIntN(64, raw ?? 0n);

/** Keeps `value` for argument `index` until exit (for `atEntry` hooks); read it back from `ctx.saved[index]`. */
export function saveForExit(ctx: CallContext, index: number, value: unknown): void {
  ctx.saved ??= [];
  ctx.saved[index] = value;
}

/** Index of the signature argument called `name` (length arguments refer to each other by name). */
export function argIndex(ctx: CallContext, name: string | undefined): number {
  return name === undefined ? -1 : ctx.args.findIndex((a) => a.name === name);
}
