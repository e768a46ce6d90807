// An output's text waiting to be written: a few KiB of events' text as a string, then encoded as UTF-8 into one
// reused buffer. A string of the whole 64 KiB block (a rope of every line) lived until the flush, was copied by
// each young-generation GC on the way and flattened again to be written; one encoding call per event cost more.

/** A buffer at most this large is kept after a write; a larger one (a huge line) is let go. */
const KEEP = 1 << 18;
/** UTF-8 bytes per UTF-16 unit at most (a lone surrogate is written as U+FFFD, three bytes). */
const WIDEST = 3;

/** Characters gathered as a string before they are encoded: a short rope, which dies young. */
const CHUNK = 4096;

export class PendingText {
  private buf: Buffer | undefined;
  private used = 0;
  /** Text not encoded yet. */
  private text = '';

  /** Whether nothing waits. */
  get empty(): boolean {
    return this.used === 0 && this.text === '';
  }

  /** Adds `text`, encoded as Buffer.from(text) would encode it. */
  add(text: string): void {
    this.text += text;
    if (this.text.length >= CHUNK) this.encode();
  }

  private encode(): void {
    const text = this.text;
    if (text === '') return;
    this.text = '';
    const need = this.used + text.length * WIDEST;
    let buf = this.buf;
    if (buf === undefined || buf.length < need) {
      const grown = Buffer.allocUnsafe(Math.max(need, 2 * (buf?.length ?? 0), 4 * CHUNK));
      if (buf !== undefined) buf.copy(grown, 0, 0, this.used);
      buf = grown;
      this.buf = buf;
    }
    this.used += buf.write(text, this.used, 'utf8');
  }

  /** The bytes waiting, valid until the next add(); then empty. */
  take(): Buffer {
    this.encode();
    const buf = this.buf;
    if (buf === undefined || this.used === 0) return EMPTY;
    const out = buf.subarray(0, this.used);
    this.used = 0;
    if (buf.length > KEEP) this.buf = undefined;
    return out;
  }
}

const EMPTY = Buffer.alloc(0);
