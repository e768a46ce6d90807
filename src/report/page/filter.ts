// The search box: one query matched against syscall names, pids and paths in every view.

export interface Query {
  /** Lower-cased words; every word must match. `pid:N` and `name:X` pin a field. */
  readonly words: readonly string[];
  readonly pid?: number;
  readonly name?: string;
}

export function parseQuery(text: string): Query {
  const words: string[] = [];
  let pid: number | undefined;
  let name: string | undefined;
  for (const w of text.trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    const m = /^(pid|name|syscall):(.+)$/.exec(w);
    if (m?.[1] === 'pid' && /^\d+$/.test(m[2] ?? '')) pid = Number(m[2]);
    else if (m && m[1] !== 'pid') name = m[2];
    else words.push(w);
  }
  return { words, ...(pid !== undefined ? { pid } : {}), ...(name !== undefined ? { name } : {}) };
}

export const emptyQuery = (q: Query): boolean =>
  q.words.length === 0 && q.pid === undefined && q.name === undefined;

/** True when a call (its name, pid/tid and text line) matches the query. */
export function matches(q: Query, name: string, pid: number, tid: number, line: string): boolean {
  if (q.pid !== undefined && q.pid !== pid && q.pid !== tid) return false;
  if (q.name !== undefined && name !== q.name) return false;
  if (q.words.length === 0) return true;
  const hay = `${line.toLowerCase()} ${pid} ${tid}`;
  return q.words.every((w) => hay.includes(w));
}

/** For rows that are not calls (files, errors): every word appears somewhere in the row's text. */
export function matchesText(q: Query, text: string): boolean {
  const hay = text.toLowerCase();
  if (q.name !== undefined && !hay.includes(q.name)) return false;
  if (q.pid !== undefined && !hay.includes(String(q.pid))) return false;
  return q.words.every((w) => hay.includes(w));
}
