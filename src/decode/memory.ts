// The Memory port: how decoders read the tracee. ptrace reads live memory; other engines hand captured bytes.

export interface Memory {
  /** Up to `len` bytes at `addr`; undefined when the address is unreadable. May return fewer bytes at a mapping end. */
  read(addr: bigint, len: number): Uint8Array | undefined;
  /** A NUL-terminated string of at most `max` bytes (without the NUL); `complete` is false when no NUL was found. */
  readString(addr: bigint, max: number): { bytes: Uint8Array; complete: boolean } | undefined;
}
