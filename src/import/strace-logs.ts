// strace logs into events: one file, or -ff's FILE.PID files merged by time stamp; lines that do not parse are
// reported (or fail with --strict), and a file most of whose lines do not parse is "not an strace log".
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { VatError } from '../errors.js';
import { quoteText } from '../model/quote.js';
import { PROG } from '../util/prog-name.js';
import type { Progress } from '../util/progress.js';
import type { ImportStats, LineSource } from './line-source.js';
import { LogDoubt } from './log-doubt.js';
import { parseStraceLine, type StraceLine } from './strace-line.js';
import { FileClock, type StraceEvents } from './strace-log.js';

/** Logs read to their end once: a second pass over one (why, compare) does not say its bad lines again. */
const readThrough = new Set<string>();

export interface StraceReadOptions {
  /** Fail (exit 2) on the first line that does not parse. */
  readonly strict: boolean;
  /** Prefix of the messages: `import`, `convert`, `summary`. */
  readonly command: string;
  readonly progress?: Progress;
  /**
   * Takes a line before it is parsed (import/direct-line.ts writes a plain call's record straight from its text);
   * false: the line is parsed and fed to the importer as usual. Only for one input (-ff's files are merged).
   */
  readonly direct?: (text: string, clock: FileClock, filePid: number | undefined) => boolean;
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
const pidSuffix = (path: string): number | undefined => {
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
  const direct = many ? undefined : o.direct;
  let bytesDone = 0;
  let nonEmpty = 0;
  const doubt = new LogDoubt<[Head, StraceLine, bigint]>(
    (good, bad) =>
      new VatError(
        `${o.command}: ${sources.map((s) => s.path).join(', ')}: not an strace log (${good === 0 ? 'no line could be parsed' : `${bad} of ${nonEmpty} lines could not be parsed`})`,
        'EINPUT',
      ),
    ([h, line, ts]) => importer.line(line, ts, filePid(h, line)),
    (message) => process.stderr.write(message),
  );
  /** Passes a parsed line on, or holds it while the file is in doubt (no tuple made for a log's lines). */
  const deliver = (h: Head, line: StraceLine, ts: bigint): void => {
    if (doubt.holding) doubt.hold([h, line, ts]);
    else importer.line(line, ts, filePid(h, line));
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
      if (direct !== undefined && !doubt.holding && direct(text, h.clock, h.pid)) {
        doubt.parsed();
        continue;
      }
      const line = parseStraceLine(text);
      if (line) {
        doubt.parsed();
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
      doubt.failed(readThrough.has(h.src.path) ? undefined : `${PROG}: ${msg}\n`);
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
  doubt.end();
  importer.finish();
  stats.events = importer.events;
  return stats;
}
