// What both plain-line paths share (vat import's record writer, the analyses' LineCall): one scanner, and the
// first steps of a line: scanned, its thread known with no call of it open (the state the general path would
// find), the importer's held event let go, the line's time read and the log's style noted.
import { fracNanos, PlainLineScanner } from './plain-line.js';
import type { FileClock, StraceEvents } from './strace-log.js';

export abstract class PlainLineReader {
  protected readonly scanner: PlainLineScanner;

  /**
   * `json`: the scanner writes each argument's JSON (import) or only notes where it starts (the analyses).
   * `callOpen`: whether a call of the thread is open (then its line goes the general way).
   */
  constructor(
    json: boolean,
    protected readonly importer: StraceEvents,
    private readonly callOpen: (tid: number) => boolean,
  ) {
    this.scanner = new PlainLineScanner(json);
  }

  /** The line's thread and time; undefined: it goes the general way, nothing read or changed. */
  protected take(
    s: string,
    clock: FileClock,
    filePid: number | undefined,
  ): { readonly tid: number; readonly ts: bigint } | undefined {
    const l = this.scanner;
    const importer = this.importer;
    if (!l.scan(s)) return undefined;
    const tid = importer.plainCallTid(l.pid, filePid);
    if (tid === undefined) return undefined;
    importer.flushHeld();
    if (this.callOpen(tid)) return undefined;
    const ts = l.seconds < 0 ? 0n : clock.ofClock(l.unix, l.seconds, fracNanos(s, l.fracFrom, l.fracTo));
    importer.seeDirect(
      l.style,
      l.seconds < 0 ? undefined : { unix: l.unix, digits: l.fracTo - l.fracFrom },
      l.hasDur ? l.durDigits : undefined,
    );
    return { tid, ts };
  }
}
