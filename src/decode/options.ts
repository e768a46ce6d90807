// How much to decode: strace's -s, -x, -v, -y and friends, as data shared by engines and formatters.
import type { NumberSet } from '../filter/number-set.js';
import type { ConstStyle } from './xlat.js';

/** -e decode-fds=: the kinds of fd details strace can print. */
export type FdDetail = 'path' | 'socket' | 'dev' | 'pidfd';

export interface DecodeOptions {
  /** -s: maximum string bytes printed (default 32). */
  readonly strsize: number;
  /** -x: 1 hex-escape non-printables, 2 hex-escape everything. */
  readonly xflag: 0 | 1 | 2 | 3;
  /** -v: unabbreviated structs and arrays. */
  readonly verbose: boolean;
  /** -y: 1 print paths of fds, 2 also socket details. */
  readonly yflag: 0 | 1 | 2;
  /** -e decode-fds=SET (overrides yflag's choice of details): exactly these kinds. */
  readonly fdDetails?: readonly FdDetail[];
  /** -X: named constants as names (default), numbers, or both. */
  readonly constStyle?: ConstStyle;
  /** -Y: pid arguments carry their command name. */
  readonly decodePids?: boolean;
  /** --decode-pids=pidns: pids of a tracee in another pid namespace also given in vat's. */
  readonly pidns?: boolean;
  /** -e raw=SET: these calls' arguments undecoded, in hex. */
  readonly rawCalls?: readonly string[];
  /** -e abbrev=SET given: only these calls are abbreviated (the others as with -v). */
  readonly abbrevCalls?: readonly string[];
  /** -e verbose=SET given: only these calls' structures are dereferenced. */
  readonly verboseCalls?: readonly string[];
  /** Outside -e verbose=SET: structures and arrays stay addresses (set per call by the tracer). */
  readonly noDeref?: boolean;
  /** -e read=FDS: capture whole buffers read from these fds (read, readv, recvmsg...) for hex dumps. */
  readonly dumpRead?: NumberSet;
  /** -e write=FDS: capture whole buffers written to these fds (write, writev, sendmsg...) for hex dumps. */
  readonly dumpWrite?: NumberSet;
  /** --secontext: SELinux contexts after fds and paths, and before each line. */
  readonly secontext?: import('./args/secontext.js').SecontextOptions;
  /** -e kvm=vcpu: ioctl(KVM_RUN) is followed by the vcpu's exit reason (`= 0 (KVM_EXIT_HLT)`). */
  readonly kvmVcpu?: boolean;
  /** -P or --trace-fds: calls are chosen by the fds they name, in arrays cut for printing too (strace's pathtrace). */
  readonly pathTrace?: boolean;
}

export const DEFAULT_DECODE: DecodeOptions = { strsize: 32, xflag: 0, verbose: false, yflag: 0 };
