// The one reader of vat's JSON Lines: every subcommand, the analyses, `profile from` and the library read a
// `--json` trace through here, with its integers past 2^53 kept exact and a cut last line used up to the cut.
import { VatError } from '../errors.js';
import { JSONL_SCHEMA_VERSION, type TraceRecord } from '../format/jsonl-record.js';
import type { Progress } from '../util/progress.js';
import type { ImportStats, LineSource } from './line-source.js';

/**
 * A member whose value is an integer of 16 digits or more (`"ts":1795789654994108504`) is read as a string
 * first, then as bigint: a double would round it. A key is always preceded by `{` or `,`, which inside a JSON
 * string cannot precede a quote (it is escaped there), so text in strings is never rewritten.
 */
const BIG_INT = /(?<=[{,])("[^"\\]*"):(-?\d{16,})/g;

/** Why a line is not a record; `json` when it is not JSON at all (a cut line, a file of another kind). */
export type JsonlProblem = { readonly json: true } | { readonly json: false; readonly what: string };

/** One line as a record: ts and dur as bigint, ret as bigint when past 2^53 (other big integers as digits). */
export function parseJsonlRecord(text: string): TraceRecord | JsonlProblem {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(text.replace(BIG_INT, '$1:"$2"')) as Record<string, unknown>;
  } catch {
    return { json: true };
  }
  if (typeof r !== 'object' || r === null || typeof r.type !== 'string' || typeof r.pid !== 'number')
    return { json: false, what: 'not a vat trace event' };
  if (r.v !== JSONL_SCHEMA_VERSION)
    return {
      json: false,
      what: `unsupported schema version ${JSON.stringify(r.v)} (this vat reads version ${JSONL_SCHEMA_VERSION})`,
    };
  if (typeof r.ts !== 'number' && typeof r.ts !== 'string')
    return { json: false, what: 'not a vat trace event (no ts)' };
  r.ts = BigInt(r.ts);
  if (typeof r.dur === 'number' || typeof r.dur === 'string') r.dur = BigInt(r.dur);
  if (typeof r.ret === 'string') r.ret = BigInt(r.ret);
  return r as unknown as TraceRecord;
}

export const isRecord = (p: TraceRecord | JsonlProblem): p is TraceRecord => 'type' in p;

/**
 * Reads a JSON Lines trace into records. A line that is not a record is one clear error naming it, except a
 * last line cut before its newline (a killed run's trace): that ends the trace with one warning.
 */
export async function readJsonl(
  src: LineSource,
  o: { readonly command: string; readonly progress?: Progress },
  emit: (r: TraceRecord) => void,
): Promise<ImportStats> {
  const stats: ImportStats = { lines: 0, events: 0, bad: 0 };
  for (;;) {
    const text = src.take();
    if (text === undefined) {
      if (await src.refill()) continue;
      break;
    }
    stats.lines++;
    if ((stats.lines & 4095) === 0) o.progress?.tick(stats.lines, src.bytes);
    if (text.trim() === '') continue;
    const r = parseJsonlRecord(text);
    if (!isRecord(r)) {
      if (r.json && stats.events > 0 && src.atCut) {
        src.warnCut(o.command);
        break;
      }
      const what = !r.json
        ? r.what
        : stats.events === 0
          ? 'not a vat JSON Lines trace'
          : 'truncated or invalid JSON';
      throw new VatError(`${o.command}: ${src.path}: line ${src.lineNo}: ${what}`, 'EINPUT');
    }
    stats.events++;
    emit(r);
  }
  return stats;
}
