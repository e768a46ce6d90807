// A syscall's JSON Lines record from the ptrace engine's live path (engine/ptrace/live-json.ts), written as UTF-8
// bytes: the record writer (format/jsonl-record.ts) keeps one buffer per thread, the engine writes the call's
// `args` items into it (the entry arguments' at entry, the exit arguments' and `ret_value` at exit), and the writer
// writes the line around them as the call's enter and exit events would have it written. No object or string per
// call: the buffer and the exit half are reused.
import type { ByteWriter } from '../util/byte-writer.js';

/** A live call's open record, from its entry to its exit: what the engine writes its arguments into. */
export interface OpenCallJson {
  /** The thread whose entry opened it (its output, with -ff). */
  readonly from: number;
  /**
   * The `args` items, written and joined: the entry arguments' up to `head` (at entry); at exit the exit arguments'
   * items follow, then `ret_value` (CallJsonExit says where each ends).
   */
  readonly w: ByteWriter;
  head: number;
  /**
   * For a call that never returns, its exit arguments' items with null values: their openings
   * (`,{"name":"buf","raw":"0x`, `count` of them from `opens[first]`) and raw words (high, low halves in `raws`).
   */
  opens: readonly Uint8Array[];
  first: number;
  count: number;
  readonly raws: number[];
}

/** What the exit adds. */
export interface CallJsonExit {
  /** Exit stamp. */
  ts: bigint;
  /** Where the `args` items end in the call's buffer, and `ret_value` after them (-1: none, the call failed). */
  args: number;
  retValue: number;
  /** The return's 64-bit word: high half as a signed int, low half unsigned. */
  retHigh: number;
  retLow: number;
  /** `ret_detail` (fcntl's `(flags O_RDWR)`, as decode-call.ts putReturnFields makes it); undefined: none. */
  retDetail: string | undefined;
  /** The errno of a failed call; undefined: it did not fail. */
  errno: number | undefined;
}
