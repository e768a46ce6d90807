// A trace file's lines, read in chunks (memory stays flat whatever the size), with what every reader of them
// shares: the line number, the kind of trace (strace log or vat's JSON Lines, by the first non-empty line), the
// warning for a file cut mid-line.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { VatError } from '../errors.js';
import { PROG } from '../util/prog-name.js';

export type InputKind = 'strace' | 'jsonl';

/** The first `end` bytes as text: latin1 is the same text for ASCII and a plain copy. */
const decode = (b: Buffer, end: number): string =>
  b.toString(isAscii(b.subarray(0, end)) ? 'latin1' : 'utf8', 0, end);

/** Files whose cut last line was reported already, in this process. */
const warnedCuts = new Set<string>();
/** A line longer than this is not a trace (a binary file): stop rather than buffer it. */
const MAX_LINE = 64 * 1024 * 1024;
/**
 * A file is read this much at a time into one reused buffer: a piece this small decodes to a string in V8's young
 * generation. 1 MiB stream chunks were each a fresh buffer and decoded to a string V8 keeps outside its heap:
 * ~20 k page faults and a sixth of `vat import`'s CPU on an 80 MB log (reading and splitting it: 545 -> 95 ms).
 */
const PIECE = 64 * 1024;

/**
 * A file's lines, read in 64 KiB pieces and split here (not with readline: its promise per line costs more than
 * parsing a line does); memory holds one piece's lines. `take()` gives the buffered lines synchronously,
 * `refill()` reads the next piece (stdin: the next chunk of its stream). Pieces are cut after their last newline
 * before decoding (a UTF-8 character never spans the cut), and an all-ASCII piece, the usual log, is decoded as
 * latin1 (a plain copy).
 */
export class LineSource {
  /** stdin's chunks; a file is read with readSync instead (opened at the first read, as a stream opens it). */
  private readonly chunks: AsyncIterator<Buffer> | undefined;
  private fd: number | undefined;
  /** The file's reused read buffer: every piece is copied out (decoded, or kept as the tail) before the next. */
  private piece: Buffer | undefined;
  private bytesRead = 0;
  private closed = false;
  private lines: string[] = [];
  private idx = 0;
  /** The bytes after the last newline read so far. */
  private tail: Buffer = Buffer.alloc(0);
  private ended = false;
  /** The file's last line had no newline: a trace cut mid-line (what a killed writer leaves). */
  private unterminated = false;
  lineNo = 0;

  constructor(readonly path: string) {
    try {
      if (path !== '-') statSync(path);
    } catch (err) {
      throw new VatError(
        `${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
        'EINPUT',
      );
    }
    if (path === '-') this.chunks = (process.stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** The bytes read so far. */
  get bytes(): number {
    return this.bytesRead;
  }

  /** The next piece of the input; done at its end or once closed. */
  private async read(): Promise<IteratorResult<Buffer | string>> {
    if (this.chunks !== undefined) {
      const r = await this.chunks.next();
      if (!r.done) this.bytesRead += r.value.length;
      return r;
    }
    if (this.closed) return { done: true, value: undefined };
    this.fd ??= openSync(this.path, 'r');
    this.piece ??= Buffer.allocUnsafe(PIECE);
    const n = readSync(this.fd, this.piece, 0, PIECE, null);
    this.bytesRead += n;
    if (n > 0) return { done: false, value: this.piece.subarray(0, n) };
    this.close();
    return { done: true, value: undefined };
  }

  /** The next buffered line, or undefined when the buffer is empty (then `refill()`). */
  take(): string | undefined {
    if (this.idx >= this.lines.length) return undefined;
    const line = this.lines[this.idx++] as string;
    this.lineNo++;
    return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
  }

  /** Reads until at least one more line is buffered; false at the end of the file. */
  async refill(keep = false): Promise<boolean> {
    for (;;) {
      if (this.ended) return false;
      let r: IteratorResult<Buffer | string>;
      try {
        r = await this.read();
      } catch (err) {
        throw new VatError(`${this.path}: ${(err as Error).message}`, 'EINPUT');
      }
      let parts: string[];
      if (r.done) {
        this.ended = true;
        if (this.tail.length === 0) return false;
        this.unterminated = true;
        parts = [decode(this.tail, this.tail.length)];
        this.tail = Buffer.alloc(0);
      } else {
        const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
        const nl = chunk.lastIndexOf(0x0a);
        if (nl < 0) {
          this.tail = Buffer.concat([this.tail, chunk]);
          if (this.tail.length > MAX_LINE)
            throw new VatError(`${this.path}: a line longer than 64 MiB: not a trace`, 'EINPUT');
          continue;
        }
        if (this.tail.length === 0) parts = decode(chunk, nl).split('\n');
        else {
          // only the line the last chunk cut is joined (bytes: its cut may be mid-character)
          const first = chunk.indexOf(0x0a);
          const joined = Buffer.concat([this.tail, chunk.subarray(0, first)]);
          parts = first === nl ? [] : decode(chunk.subarray(first + 1), nl - first - 1).split('\n');
          parts.unshift(decode(joined, joined.length));
        }
        // a copy: the rest must not keep the whole chunk alive
        this.tail = Buffer.from(chunk.subarray(nl + 1));
      }
      this.lines = keep ? this.lines.slice(this.idx).concat(parts) : parts;
      this.idx = 0;
      return true;
    }
  }

  /** The line `take()` gave last was the file's final line, cut before its newline. */
  get atCut(): boolean {
    return this.unterminated && this.idx >= this.lines.length;
  }

  /** One warning line: the trace ends mid-line and what came before is used. */
  warnCut(command: string): void {
    // an analysis that reads the file twice (why, compare) still warns once
    if (warnedCuts.has(this.path)) return;
    warnedCuts.add(this.path);
    process.stderr.write(
      `${PROG}: ${command}: ${this.path}: line ${this.lineNo}: the trace ends mid-line (cut short): read up to there\n`,
    );
  }

  /** The next line, or undefined at the end. */
  async next(): Promise<string | undefined> {
    const line = this.take();
    if (line !== undefined) return line;
    return (await this.refill()) ? this.take() : undefined;
  }

  /** The first non-empty line, without consuming anything. */
  async first(): Promise<string | undefined> {
    for (let i = this.idx; ; i++) {
      if (i >= this.lines.length) {
        const before = this.lines.length - this.idx;
        if (!(await this.refill(true))) return undefined;
        i = before;
      }
      const line = this.lines[i] as string;
      if (line.trim() !== '') return line;
    }
  }

  async kind(): Promise<InputKind | undefined> {
    const first = await this.first();
    if (first === undefined) return undefined;
    return first.trimStart().startsWith('{') ? 'jsonl' : 'strace';
  }

  close(): void {
    // stdin is left alone: touching process.stdin would make a piped fd 0, shared with a traced command, non-blocking
    this.closed = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** What a reader counts: lines read, events made, lines that did not parse. */
export interface ImportStats {
  lines: number;
  events: number;
  bad: number;
}
