// Whether a file is an strace log at all, decided as it is read: while most lines so far do not parse, their
// messages and the parsed lines wait here (bounded), so that a file that ends that way (README.md) is "not an
// strace log", one line and nothing written, while a log with some noise is read as a log.
import type { VatError } from '../errors.js';

/** More bad lines than this held in doubt: not a log, without reading on. */
const MAX_HELD_MESSAGES = 1000;

export class LogDoubt<T> {
  private held: { messages: string[]; items: T[] } | undefined = { messages: [], items: [] };
  /** Lines that parsed, and lines that did not, so far. */
  good = 0;
  bad = 0;

  constructor(
    /** The error for a file that is not a log, from the counts so far. */
    private readonly notALog: (good: number, bad: number) => VatError,
    /** Where the held lines go once the file is a log. */
    private readonly pass: (item: T) => void,
    /** Where a bad line's message goes once the file is a log. */
    private readonly say: (message: string) => void,
  ) {}

  /** A line parsed (counted when parsed: -ff's merge delivers it later): once most lines parse, no doubt. */
  parsed(): void {
    this.good++;
    if (this.held && this.good >= this.bad) this.release();
  }

  /** The file is in doubt: parsed lines are to be held (`hold`), in trace order; after that they go straight on. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  hold(item: T): void {
    this.held?.items.push(item);
  }

  /** A line that did not parse, with its message (undefined: counted, not said again). */
  failed(message: string | undefined): void {
    this.bad++;
    if (message === undefined) return;
    if (!this.held) this.say(message);
    else if (this.held.messages.push(message) >= MAX_HELD_MESSAGES) throw this.notALog(this.good, this.bad);
  }

  /** The end of the input: a file still in doubt with bad lines is not a log; else what is held goes on. */
  end(): void {
    if (this.held && this.bad > 0) throw this.notALog(this.good, this.bad);
    this.release();
  }

  private release(): void {
    if (!this.held) return;
    const { messages, items } = this.held;
    this.held = undefined;
    this.say(messages.join(''));
    for (const item of items) this.pass(item);
  }
}
