// A syscall's JSON Lines record in two halves of JSON text, from the ptrace engine's live path (engine/ptrace/
// live-json.ts): the entry half opens the call, the exit half completes it, and the record writer
// (format/jsonl-record.ts) writes the line as the call's enter and exit events would have it written.

/** What the record holds once the call entered. */
export interface CallJsonEnter {
  /** The calling thread. */
  readonly tid: number;
  /** Entry stamp. */
  readonly ts: bigint;
  readonly nr: number;
  readonly name: string;
  /** The `args` items of the arguments decoded at entry, written and joined. */
  readonly head: string;
  /**
   * The items of the arguments decoded at exit up to their value (`,{"name":"buf","raw":"0x..","value":`), each
   * with its separator: their value and `}` follow at exit, `null}` when the call never returns.
   */
  readonly exitItems: readonly string[];
}

/** What the exit adds. */
export interface CallJsonExit {
  /** Exit stamp. */
  readonly ts: bigint;
  /** The exit arguments' items, whole. */
  readonly tail: string;
  /** The return as a signed number's digits. */
  readonly ret: string;
  /** `ret_value` written; undefined for a failed call. */
  readonly retValue: string | undefined;
  /** `ret_detail` (fcntl's `(flags O_RDWR)`, as decode-call.ts putReturnFields makes it); undefined: none. */
  readonly retDetail: string | undefined;
  /** The errno of a failed call. */
  readonly errno: number | undefined;
}
