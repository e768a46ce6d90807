// JSON Lines: one object per event, a syscall as one record (entry and exit joined), schema in schema/.
import type { ThreadGroups } from '../model/call.js';
import type { CallJsonExit, OpenCallJson } from '../model/call-json.js';
import type { TraceEvent } from '../model/events.js';
import type { ByteWriter } from '../util/byte-writer.js';
import { RecordMaker } from './jsonl-record.js';

/** The thread groups of a trace read back (or a test): every thread is its own process unless told. */
const OWN_PROCESS: ThreadGroups = { pidOf: (tid) => tid };

/**
 * Events into JSON lines through the one record writer; the process of a thread comes from a port. A call's line
 * is written field by field (RecordMaker.addLine, as vat import writes it): no record object and JSON.stringify
 * of it per call, which cost a live --json trace more than tracing the call.
 */
export class JsonlFormatter {
  private readonly maker: RecordMaker;
  private text = '';
  private readonly write = (line: string): void => {
    this.text += `${line}\n`;
  };

  constructor(threads: ThreadGroups = OWN_PROCESS) {
    this.maker = new RecordMaker(threads);
  }

  /** Zero or more lines for one event (a syscall entry waits for its exit). */
  format(e: TraceEvent): string {
    this.maker.addLine(e, this.write);
    return this.take();
  }

  /**
   * A live call's entry half (model/call-json.ts): no line yet, unless it ends the thread's previous call (then
   * take() has it). The engine writes the call's arguments into what it returns.
   */
  callEnter(tid: number, ts: bigint, nr: number, name: string): OpenCallJson {
    return this.maker.callEnterLine(tid, ts, nr, name, this.write);
  }

  /** A live call's exit half: its line, as bytes into `w`. */
  callExit(c: OpenCallJson, x: CallJsonExit, w: ByteWriter): void {
    this.maker.callExitLine(c, x, w);
  }

  /** Calls still open at the end, written without a result. */
  finish(): string {
    this.maker.finishLines(this.write);
    return this.take();
  }

  /** The lines written since the last call that returned them. */
  take(): string {
    const out = this.text;
    this.text = '';
    return out;
  }
}
