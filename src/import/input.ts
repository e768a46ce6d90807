// Reading trace inputs line by line (readline over a stream: memory stays flat whatever the size): strace logs
// (one file, or -ff's FILE.PID files merged) and vat's JSON Lines, told apart by the first non-empty line.
import { isAscii } from 'node:buffer';
import { createReadStream, type ReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { VatError } from '../errors.js';
import { quoteText } from '../model/quote.js';
import { PROG } from '../util/prog-name.js';
import type { Progress } from '../util/progress.js';
import { parseStraceLine, type StraceLine } from './strace-line.js';
import { FileClock, type StraceEvents } from './strace-log.js';

export type InputKind = 'strace' | 'jsonl';

/** The first `end` bytes as text: latin1 is the same text for ASCII and a plain copy. */
const decode = (b: Buffer, end: number): string =>
  b.toString(isAscii(b.subarray(0, end)) ? 'latin1' : 'utf8', 0, end);

/** Files whose cut last line was reported already, in this process. */
const warnedCuts = new Set<string>();
/** Logs read to their end once: a second pass over one (why, compare) does not say its bad lines again. */
const readThrough = new Set<string>();

/** A line longer than this is not a trace (a binary file): stop rather than buffer it. */
const MAX_LINE = 64 * 1024 * 1024;

/**
 * A file's lines, read in 1 MiB chunks and split here (not with readline: its promise per line costs more than
 * parsing a line does); memory holds one chunk's lines. `take()` gives the buffered lines synchronously,
 * `refill()` reads the next chunk. Chunks are cut after their last newline before decoding (a UTF-8 character
 * never spans the cut), and an all-ASCII piece, the usual log, is decoded as latin1 (a plain copy).
 */
export class LineSource {
  readonly stream: ReadStream | NodeJS.ReadStream;
  private readonly chunks: AsyncIterator<Buffer>;
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
    this.stream = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
    this.chunks = (this.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  get bytes(): number {
    return 'bytesRead' in this.stream ? this.stream.bytesRead : 0;
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
        r = await this.chunks.next();
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
    // by path: touching process.stdin would make a piped fd 0, shared with a traced command, non-blocking
    if (this.path !== '-') (this.stream as ReadStream).destroy();
  }
}

export interface ImportStats {
  lines: number;
  events: number;
  bad: number;
}

export interface StraceReadOptions {
  /** Fail (exit 2) on the first line that does not parse. */
  readonly strict: boolean;
  /** Prefix of the messages: `import`, `convert`, `summary`. */
  readonly command: string;
  readonly progress?: Progress;
}

const MS = 1_000_000n;

/** Local midnight of a file's modification date, ns since the epoch: -t clocks carry no date. */
function midnightOf(path: string): bigint {
  let d = new Date();
  try {
    if (path !== '-') d = statSync(path).mtime;
  } catch {
    // the file was checked when opened
  }
  d.setHours(0, 0, 0, 0);
  return BigInt(d.getTime()) * MS;
}

/** The pid in a -ff file name (FILE.PID). */
export const pidSuffix = (path: string): number | undefined => {
  const m = /\.(\d+)$/.exec(basename(path));
  return m ? Number(m[1]) : undefined;
};

interface Head {
  readonly src: LineSource;
  readonly clock: FileClock;
  readonly pid: number | undefined;
  line?: StraceLine;
  ts: bigint;
  /** Start of a line that strace's `Process N attached` notice cut in two (stderr logs). */
  carry: string;
}

/** `vfork(strace: Process 2788 attached`: the notice written into the middle of a line on stderr. */
const CUT_BY_NOTICE = /^(.+?)(strace: Process \d+ attached)$/;

/**
 * Reads strace logs into events. Several files are -ff's FILE.PID outputs: merged by time stamp when they have
 * them, else one after the other. Lines that do not parse are reported and counted (or fail with `strict`).
 */
export async function readStraceLogs(
  sources: readonly LineSource[],
  o: StraceReadOptions,
  importer: StraceEvents,
): Promise<ImportStats> {
  const stats: ImportStats = { lines: 0, events: 0, bad: 0 };
  const many = sources.length > 1;
  let bytesDone = 0;
  let nonEmpty = 0;
  let good = 0;
  /**
   * While most lines so far do not parse, their messages and the parsed lines wait here (bounded): a file that
   * ends that way (README.md) is "not an strace log", one line, nothing written; a log with some noise is not.
   */
  let held: { messages: string[]; lines: [Head, StraceLine, bigint][] } | undefined = {
    messages: [],
    lines: [],
  };
  const notALog = (): VatError =>
    new VatError(
      `${o.command}: ${sources.map((s) => s.path).join(', ')}: not an strace log (${good === 0 ? 'no line could be parsed' : `${stats.bad} of ${nonEmpty} lines could not be parsed`})`,
      'EINPUT',
    );
  /** Passes a parsed line on, or holds it while the file is in doubt. */
  const deliver = (h: Head, line: StraceLine, ts: bigint): void => {
    if (held) held.lines.push([h, line, ts]);
    else importer.line(line, ts, filePid(h, line));
  };
  const release = (): void => {
    if (!held) return;
    const { messages, lines } = held;
    held = undefined;
    process.stderr.write(messages.join(''));
    for (const [h, line, ts] of lines) importer.line(line, ts, filePid(h, line));
  };

  /** The next parsed line from what is buffered: true, or undefined when the buffer ran out first. */
  const step = (h: Head): true | undefined => {
    for (;;) {
      let text = h.src.take();
      if (text === undefined) return undefined;
      if (h.carry !== '') {
        text = h.carry + text;
        h.carry = '';
      }
      const cut = text.endsWith(' attached') ? CUT_BY_NOTICE.exec(text) : null;
      if (cut) {
        h.carry = cut[1] as string;
        text = cut[2] as string;
      }
      stats.lines++;
      if ((stats.lines & 4095) === 0) o.progress?.tick(stats.lines, bytesDone + h.src.bytes);
      if (text === '') continue;
      nonEmpty++;
      const line = parseStraceLine(text);
      if (line) {
        good++;
        if (held && good >= stats.bad) release();
        h.line = line;
        h.ts = h.clock.of(line);
        return true;
      }
      if (h.src.atCut) {
        // what a killed strace leaves: the lines before the cut are the trace
        nonEmpty--;
        h.src.warnCut(o.command);
        continue;
      }
      stats.bad++;
      const where = `${many ? `${h.src.path}: ` : ''}line ${h.src.lineNo}`;
      const msg = `${o.command}: ${where}: cannot parse: ${quoteText(text.length > 200 ? `${text.slice(0, 200)}...` : text)}`;
      if (o.strict) throw new VatError(msg, 'EPARSE');
      if (readThrough.has(h.src.path)) continue;
      if (!held) process.stderr.write(`${PROG}: ${msg}\n`);
      else if (held.messages.push(`${PROG}: ${msg}\n`) >= 1000) throw notALog();
    }
  };

  const nextParsed = async (h: Head): Promise<boolean> => {
    h.line = undefined;
    for (;;) {
      if (step(h)) return true;
      if (!(await h.src.refill())) {
        bytesDone += h.src.bytes;
        readThrough.add(h.src.path);
        return false;
      }
    }
  };

  const heads: Head[] = sources.map((src) => ({
    src,
    clock: new FileClock(midnightOf(src.path)),
    pid: pidSuffix(src.path),
    ts: 0n,
    carry: '',
  }));
  // one file: its suffix names the pid only when its lines carry no prefix (strace -o FILE.PID)
  function filePid(h: Head, line: StraceLine): number | undefined {
    return line.pid === undefined ? h.pid : undefined;
  }
  for (const h of heads) await nextParsed(h);
  const timed = heads.every((h) => !h.line || h.line.time.clock !== undefined);
  if (timed && many) {
    // k-way merge by time stamp, ties in file order
    for (;;) {
      let best: Head | undefined;
      for (const h of heads) if (h.line && (!best || h.ts < best.ts)) best = h;
      if (!best?.line) break;
      deliver(best, best.line, best.ts);
      await nextParsed(best);
    }
  } else {
    for (const h of heads) {
      while (h.line) {
        deliver(h, h.line, h.ts);
        h.line = undefined;
        // synchronously through the buffered lines; await only for the next chunk
        if (!step(h)) await nextParsed(h);
      }
    }
  }
  if (held && stats.bad > 0) throw notALog();
  release();
  importer.finish();
  stats.events = importer.events;
  return stats;
}
