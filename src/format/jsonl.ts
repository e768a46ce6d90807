// JSON Lines: one object per event, a syscall as one record (entry and exit joined), schema in schema/.
import type { ThreadGroups } from '../model/call.js';
import type { TraceEvent } from '../model/events.js';
import { RecordMaker, recordText, type TraceRecord } from './jsonl-record.js';

/** The thread groups of a trace read back (or a test): every thread is its own process unless told. */
const OWN_PROCESS: ThreadGroups = { pidOf: (tid) => tid };

/** Events into JSON lines through the one record writer; the process of a thread comes from a port. */
export class JsonlFormatter {
  private readonly maker: RecordMaker;
  private text = '';
  private readonly write = (r: TraceRecord): void => {
    this.text += recordText(r);
  };

  constructor(threads: ThreadGroups = OWN_PROCESS) {
    this.maker = new RecordMaker(threads);
  }

  /** Zero or more lines for one event (a syscall entry waits for its exit). */
  format(e: TraceEvent): string {
    this.maker.add(e, this.write);
    return this.take();
  }

  /** Calls still open at the end, written without a result. */
  finish(): string {
    this.maker.finish(this.write);
    return this.take();
  }

  private take(): string {
    const out = this.text;
    this.text = '';
    return out;
  }
}
