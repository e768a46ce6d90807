// Where analyses get their events: a recorded trace (import/trace-steps.ts, the reader security uses too), a
// live run (`-- CMD`) or an attach (`-p PID`, live.ts); and the small parsers and texts the analyses share.
import { UsageError } from '../errors.js';
import { procExists } from '../sys/procfs.js';

export {
  happening,
  isSyscall,
  liveStep,
  readTrace,
  type Step,
  type Trace,
} from '../import/trace-steps.js';

/** A pid that does not exist is one clear line, exit status 2. */
export function checkPid(pid: number): void {
  if (!procExists(pid)) throw new UsageError(`no such process: ${pid}`);
}

export function parsePid(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`invalid process id: '${text}'`);
  if (Number(text) === process.pid) throw new UsageError('cannot analyse vat itself');
  return Number(text);
}

/** `2s`, `500ms`, `1.5` (seconds) into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!m) throw new UsageError(`invalid duration '${text}' (use 2s, 500ms, 1m)`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

/** Seconds with 3 significant decimals for people: `12.3 ms`, `1.20 s`, `350 µs`. */
export function humanNs(ns: bigint | number): string {
  const n = Number(ns);
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} s`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} ms`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} µs`;
  return `${n} ns`;
}

/** A short one-line text of a string for reports: escapes kept, cut at `max`. */
export function shortText(s: string, max = 60): string {
  const t = JSON.stringify(s).slice(1, -1);
  return t.length > max ? `${t.slice(0, max)}...` : t;
}
