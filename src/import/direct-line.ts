// A plain call line of an strace log (`name(args) = result`, the call opened and closed on one line) written
// straight as its JSON Lines record: each argument's JSON text is written as the one line reader reads it
// (import/plain-line.ts), without the value trees, events and joined call of the general path (vat import's and
// convert's hot path). Any other line, and a line whose state the general path would change (a new thread, a
// fork, an open call), goes the general way. Both must give the same bytes (test/import/direct-line.test.ts and
// record-lines.test.ts compare them).

import { syscallLineOpen } from '../format/jsonl-record.js';
import { PlainLineReader } from './plain-line-reader.js';
import type { FileClock, StraceEvents } from './strace-log.js';

export class DirectLines extends PlainLineReader {
  /** `callOpen`: whether the record writer has a call of the thread open (then its line goes the general way). */
  constructor(importer: StraceEvents, callOpen: (tid: number) => boolean) {
    super(true, importer, callOpen);
  }

  /**
   * Writes one line's record when it is a plain call this path reads; false (nothing read, nothing changed)
   * for the general path. `filePid`: a -ff file's pid, for lines without a prefix.
   */
  line(s: string, clock: FileClock, filePid: number | undefined): boolean {
    const l = this.scanner;
    const importer = this.importer;
    const taken = this.take(s, clock, filePid);
    if (taken === undefined) return false;
    const { tid, ts } = taken;
    const head = syscallLineOpen({
      pid: importer.tgidOf(tid),
      tid,
      ts,
      dur: l.durText ?? (importer.format.timed ? '0' : undefined),
      nr: l.info.nr,
      name: l.name,
      args: l.args,
      ret: l.ret,
      retValue: l.retJson,
      retDetail: l.retDetail,
      errno: l.errno,
    });
    importer.holdDirect({ type: 'direct', head });
    return true;
  }
}
