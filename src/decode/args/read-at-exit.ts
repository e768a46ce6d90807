// Calls whose caller-given structs strace reads only at exit, with umove_or_printaddr (no error cleared): when
// such a call failed, those arguments are shown as addresses. Others (io_getevents, mq_timedreceive, recvmmsg,
// rt_sigtimedwait) read theirs while entering or clear the error first, and show them whether it failed or not.
import type { CallContext } from '../context.js';

const READ_AT_EXIT: ReadonlySet<string> = new Set(['epoll_pwait', 'epoll_pwait2']);

/** True at the exit of a failed call whose input structs strace reads at exit: print them as addresses. */
export const inputShownAsAddress = (c: CallContext): boolean =>
  c.ret !== undefined && c.failed === true && READ_AT_EXIT.has(c.name);
