// Decoded argument values: a small typed tree that the strace-text and JSON formatters both print.

export type Value =
  /** A number printed in decimal. */
  | { readonly k: 'int'; readonly v: number | bigint }
  /** A number printed in hex (0x...). */
  | { readonly k: 'hex'; readonly v: number | bigint }
  /** A number printed in octal with a leading 0 (modes). */
  | { readonly k: 'oct'; readonly v: number }
  /** A pointer that is not followed; 0 prints as NULL. */
  | { readonly k: 'ptr'; readonly v: bigint }
  /** Bytes from the tracee; `more` when cut at the -s limit (printed with `...`). */
  | {
      readonly k: 'str';
      readonly bytes: Uint8Array;
      readonly more: boolean;
      /** -e read=/write=: the whole buffer, for strace's hex dump after the call's line. */
      readonly dump?: Uint8Array;
      readonly dumpCut?: DumpCut;
      /** --secontext: the SELinux context of the file this path names, quoted (printed ` [type]`). */
      readonly secontext?: string;
    }
  /** A symbolic constant or an OR of them (`O_RDONLY|O_CLOEXEC`, `AT_FDCWD`), already in strace's words. */
  | { readonly k: 'sym'; readonly text: string }
  /**
   * A file descriptor; `path` (raw, as the kernel names it) when -y resolved it, `deleted` when the kernel marked
   * the file gone, `detail` when -yy shows something else between the brackets (already quoted:
   * `TCP:[1.2.3.4:5->6.7.8.9:10]`, `/dev/null<char 1:3>`, `pid:42`).
   */
  | {
      readonly k: 'fd';
      readonly fd: number;
      readonly path?: string;
      readonly deleted?: boolean;
      readonly detail?: string;
      readonly secontext?: string;
    }
  /** `{name=value, ...}`; `more` prints a trailing `...` (abbreviated struct). */
  | { readonly k: 'struct'; readonly fields: readonly (readonly [string, Value])[]; readonly more?: boolean }
  /** `[a, b, ...]`; `more` when the array was cut. */
  | {
      readonly k: 'array';
      readonly items: readonly Value[];
      readonly more?: boolean;
      /** -P: the fds of the elements past the cut (poll's pollfds), which path tracing still looks at. */
      readonly cutFds?: readonly number[];
      /** -e read=/write= of an iovec array: each buffer dumped (` * N bytes in buffer I`), in order. */
      readonly dump?: readonly IovDump[];
      /** -e read=/write= of an mmsghdr vector: each message's buffers (` = N buffers in vector I`), in order. */
      readonly vectors?: readonly VectorDump[];
    }
  /** A value followed by a comment: `0x7ffd... /* 23 vars *\/`. */
  | { readonly k: 'commented'; readonly value: Value; readonly comment: string }
  /** Text printed verbatim, for shapes the other kinds do not cover (`{WIFEXITED(s) && WEXITSTATUS(s) == 0}`). */
  | { readonly k: 'text'; readonly text: string }
  /** `name=value`: an argument strace prints with its name (clone's `child_stack=NULL, flags=...`). */
  | { readonly k: 'named'; readonly name: string; readonly value: Value }
  /** A value the kernel changed: `before => after` (clone3's `{...} => {parent_tid=[42]}`, in/out lengths). */
  | { readonly k: 'changed'; readonly before: Value; readonly after: Value }
  /** An argument strace does not print here (open's mode without O_CREAT, the high half of a split offset). */
  | { readonly k: 'none' };

/** One message of sendmmsg/recvmmsg's -e read=/write= dump: its msg_iovlen and the buffers dumped. */
export interface VectorDump {
  readonly iovlen: bigint;
  readonly dump: readonly IovDump[];
}

/** One iovec buffer of a -e read=/write= dump: its length, and its bytes when they could be read. */
export interface IovDump {
  readonly len: number;
  readonly bytes?: Uint8Array;
  /** Where the dump stopped: a chunk that could not be read after some that could. */
  readonly cut?: DumpCut;
}

/** strace's ` | <Cannot fetch N bytes from pid P @ADDR>` after a dump cut short by unreadable memory. */
export interface DumpCut {
  readonly len: number;
  readonly pid: number;
  readonly addr: bigint;
}

export const int = (v: number | bigint): Value => ({ k: 'int', v });
export const hex = (v: number | bigint): Value => ({ k: 'hex', v });
export const sym = (text: string): Value => ({ k: 'sym', text });
export const ptr = (v: bigint): Value => ({ k: 'ptr', v });
export const text = (t: string): Value => ({ k: 'text', text: t });
export const NONE: Value = { k: 'none' };
export const named = (name: string, value: Value): Value => ({ k: 'named', name, value });
