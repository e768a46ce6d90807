// strace -c's table: columns chosen with -U, rows sorted with -S, a dashed rule, and a total row.

import { UsageError } from '../errors.js';
import type { SyscallStats } from './summary-stats.js';

interface Column {
  readonly header: string;
  readonly width: number;
  /** Left-aligned (the name column); the others are right-aligned. */
  readonly left?: boolean;
  cell(s: SyscallStats, total: SyscallStats, totalTime: bigint): string;
}

const seconds = (ns: bigint, digits = 6): string => (Number(ns) / 1e9).toFixed(digits);
const avgUsecs = (s: SyscallStats): string =>
  s.calls === 0 ? '0' : String(s.total / BigInt(s.calls) / 1000n);
const percent = (s: SyscallStats, totalTime: bigint): string =>
  totalTime === 0n
    ? s.name === 'total'
      ? '100.00'
      : '0.00'
    : ((Number(s.total) * 100) / Number(totalTime)).toFixed(2);
const percentile = (s: SyscallStats, p: number): string => {
  const sorted = [...(s.samples ?? [])].sort((a, b) => a - b);
  const v = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return (v / 1e9).toFixed(6);
};

/** strace's column names (and aliases) for -U; p50/p90/p99 are vat's additions for --summary-latency. */
const COLUMNS: Readonly<Record<string, Column>> = {
  'time-percent': { header: '% time', width: 6, cell: (s, _t, tt) => percent(s, tt) },
  'total-time': { header: 'seconds', width: 11, cell: (s) => seconds(s.total) },
  'avg-time': { header: 'usecs/call', width: 11, cell: avgUsecs },
  'min-time': { header: 'shortest', width: 8, cell: (s) => seconds(s.min) },
  'max-time': { header: 'longest', width: 8, cell: (s) => seconds(s.max) },
  calls: { header: 'calls', width: 9, cell: (s) => String(s.calls) },
  errors: { header: 'errors', width: 9, cell: (s) => (s.errors ? String(s.errors) : '') },
  name: { header: 'syscall', width: 16, left: true, cell: (s) => s.name },
  p50: { header: 'p50', width: 8, cell: (s) => percentile(s, 50) },
  p90: { header: 'p90', width: 8, cell: (s) => percentile(s, 90) },
  p99: { header: 'p99', width: 8, cell: (s) => percentile(s, 99) },
};
const COLUMN_ALIASES: Readonly<Record<string, string>> = {
  time: 'time-percent',
  'time-total': 'total-time',
  'time-avg': 'avg-time',
  'time-min': 'min-time',
  'time-max': 'max-time',
  shortest: 'min-time',
  longest: 'max-time',
  count: 'calls',
  error: 'errors',
  syscall: 'name',
  'syscall-name': 'name',
};
export const DEFAULT_COLUMNS = ['time-percent', 'total-time', 'avg-time', 'calls', 'errors', 'name'];

type SortKey = (s: SyscallStats) => number | bigint | string;
const SORTS: Readonly<Record<string, { key: SortKey; ascending?: boolean } | null>> = {
  time: { key: (s) => s.total },
  'min-time': { key: (s) => s.min },
  'max-time': { key: (s) => s.max },
  'avg-time': { key: (s) => (s.calls ? s.total / BigInt(s.calls) : 0n) },
  calls: { key: (s) => s.calls },
  errors: { key: (s) => s.errors },
  name: { key: (s) => s.name, ascending: true },
  nothing: null,
};
const SORT_ALIASES: Readonly<Record<string, string>> = {
  'time-percent': 'time',
  'time-total': 'time',
  'total-time': 'time',
  'time-min': 'min-time',
  shortest: 'min-time',
  'time-max': 'max-time',
  longest: 'max-time',
  'time-avg': 'avg-time',
  count: 'calls',
  error: 'errors',
  syscall: 'name',
  'syscall-name': 'name',
  none: 'nothing',
};

/** strace spells each column and sort key with `_` or `-` alike (`time_total`, `time-total`). */
const dashed = (name: string): string => name.replaceAll('_', '-');

/** Parses -U: strace's wording on an unknown or repeated column. */
export function parseColumns(spec: string): string[] {
  const columns: string[] = [];
  const raws = spec.split(',');
  raws.forEach((raw, i) => {
    const c = COLUMN_ALIASES[dashed(raw)] ?? dashed(raw);
    if (!(c in COLUMNS)) throw new UsageError(`unknown column name: '${raw}'`);
    if (columns.includes(c))
      throw new UsageError(
        `call summary column has been provided more than once: '${raw}' (-U option residual: '${raws.slice(i).join(',')}')`,
      );
    columns.push(c);
  });
  return columns;
}

/** Parses -S: strace's wording on an unknown key. */
export function parseSortBy(spec: string): string {
  const key = SORT_ALIASES[dashed(spec)] ?? dashed(spec);
  if (!(key in SORTS)) throw new UsageError(`invalid sortby: '${spec}'`);
  return key;
}

function sortRows(rows: readonly SyscallStats[], sortBy: string): SyscallStats[] {
  const sort = SORTS[sortBy];
  if (!sort) return [...rows];
  const dir = sort.ascending ? 1 : -1;
  // stable: ties keep syscall-number order, as strace's qsort over its table does in practice
  return [...rows].sort((a, b) => {
    const ka = sort.key(a);
    const kb = sort.key(b);
    return ka < kb ? -dir : ka > kb ? dir : 0;
  });
}

function totalOf(rows: readonly SyscallStats[]): SyscallStats {
  const t: SyscallStats = {
    name: 'total',
    nr: -1,
    calls: 0,
    errors: 0,
    total: 0n,
    min: 0n,
    max: 0n,
    samples: undefined,
  };
  const samples: number[] = [];
  rows.forEach((s, i) => {
    t.calls += s.calls;
    t.errors += s.errors;
    t.total += s.total;
    t.min = i === 0 || s.min < t.min ? s.min : t.min;
    t.max = s.max > t.max ? s.max : t.max;
    if (s.samples) samples.push(...s.samples);
  });
  return { ...t, samples: rows.some((r) => r.samples) ? samples : undefined };
}

/** The whole table, each line ending in a newline; empty input prints the header, rule and total only. */
export function formatSummary(
  rows: readonly SyscallStats[],
  columns = DEFAULT_COLUMNS,
  sortBy = 'time',
): string {
  const cols = columns.map((c) => COLUMNS[c] as Column);
  const total = totalOf(rows);
  const line = (cells: string[]): string =>
    `${cells
      .map((cell, i) => {
        const col = cols[i] as Column;
        if (col.left) return i === cols.length - 1 ? cell : cell.padEnd(col.width);
        return cell.padStart(col.width);
      })
      .join(' ')}\n`;
  const rule = line(cols.map((c) => '-'.repeat(c.width)));
  const body = sortRows(rows, sortBy).map((s) => line(cols.map((c) => c.cell(s, total, total.total))));
  return (
    line(cols.map((c) => c.header)) +
    rule +
    body.join('') +
    rule +
    line(cols.map((c) => c.cell(total, total, total.total)))
  );
}
