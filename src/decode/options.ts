// How much to decode: strace's -s, -x, -v, -y and friends, as data shared by engines and formatters.
import type { NumberSet } from '../filter/number-set.js';

export interface DecodeOptions {
  /** -s: maximum string bytes printed (default 32). */
  readonly strsize: number;
  /** -x: 1 hex-escape non-printables, 2 hex-escape everything. */
  readonly xflag: 0 | 1 | 2;
  /** -v: unabbreviated structs and arrays. */
  readonly verbose: boolean;
  /** -y: 1 print paths of fds, 2 also socket details. */
  readonly yflag: 0 | 1 | 2;
  /** -e read=FDS: capture whole buffers read from these fds (read, readv, recvmsg...) for hex dumps. */
  readonly dumpRead?: NumberSet;
  /** -e write=FDS: capture whole buffers written to these fds (write, writev, sendmsg...) for hex dumps. */
  readonly dumpWrite?: NumberSet;
}

export const DEFAULT_DECODE: DecodeOptions = { strsize: 32, xflag: 0, verbose: false, yflag: 0 };
