// An output's text waiting to be written: a few KiB of events' text as a string, then encoded as UTF-8 into one
// reused buffer. A string of the whole 64 KiB block (a rope of every line) lived until the flush, was copied by
// each young-generation GC on the way and flattened again to be written; one encoding call per event cost more.

import { ByteWriter } from '../util/byte-writer.js';

/** A buffer at most this large is kept after a write; a larger one (a huge line) is let go. */
const KEEP = 1 << 18;
/** UTF-8 bytes per UTF-16 unit at most (a lone surrogate is written as U+FFFD, three bytes). */
const WIDEST = 3;

/** Characters gathered as a string before they are encoded: a short rope, which dies young. */
const CHUNK = 4096;

export class PendingText {
  /** The bytes encoded so far. */
  private readonly out = new ByteWriter(4 * CHUNK);
  /** Text not encoded yet. */
  private text = '';

  /** Whether nothing waits. */
  get empty(): boolean {
    return this.out.at === 0 && this.text === '';
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
    const out = this.out;
    out.room(text.length * WIDEST);
    out.at += out.buf.write(text, out.at, 'utf8');
  }

  /** Where bytes are added directly (a record written as bytes), after the text added before. */
  bytes(): ByteWriter {
    this.encode();
    return this.out;
  }

  /** The bytes waiting, valid until the next add(); then empty. */
  take(): Buffer {
    this.encode();
    const out = this.out;
    if (out.at === 0) return EMPTY;
    const bytes = out.buf.subarray(0, out.at);
    out.at = 0;
    if (out.buf.length > KEEP) out.buf = Buffer.allocUnsafe(4 * CHUNK);
    return bytes;
  }
}

const EMPTY = Buffer.alloc(0);
