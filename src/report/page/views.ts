// The report's views, each a function of the data and the current query.
import { type ProcessRow, type ReportData, SLICE_FIELDS } from '../data.js';
import { count, duration, el, table } from './dom.js';
import { emptyQuery, matches, matchesText, type Query } from './filter.js';

/** Process tree: parents before children, each with what it ran and how it ended. */
export function processTree(data: ReportData, q: Query): HTMLElement {
  const byParent = new Map<number, ProcessRow[]>();
  const known = new Set(data.processes.map((p) => p.pid));
  for (const p of data.processes) {
    const parent = known.has(p.ppid) ? p.ppid : 0;
    const list = byParent.get(parent) ?? [];
    list.push(p);
    byParent.set(parent, list);
  }
  const item = (p: ProcessRow): HTMLElement => {
    const exe = p.execs.map((e) => e.argv || e.path).join(' → ') || '(no exec seen)';
    const text = `${p.pid} ${exe} ${p.end}`;
    const children = byParent.get(p.pid) ?? [];
    const hit = emptyQuery(q) || matchesText(q, text);
    return el(
      'li',
      hit ? {} : { class: 'dim' },
      el('span', { class: 'pid' }, String(p.pid)),
      ' ',
      el('span', { class: 'exe' }, exe),
      ' ',
      el('span', { class: p.failed ? 'end bad' : 'end' }, p.end || 'still running at the end'),
      ' ',
      el('span', { class: 'muted' }, `${count(p.calls)} calls, ${duration(p.endUs - p.startUs)}`),
      children.length > 0 ? el('ul', {}, ...children.map(item)) : null,
    );
  };
  return el('ul', { class: 'tree' }, ...(byParent.get(0) ?? []).map(item));
}

export function summaryView(data: ReportData, q: Query): HTMLElement {
  const rows = data.summary.filter((r) => emptyQuery(q) || matchesText(q, r.name));
  const total = rows.reduce((a, r) => a + r.totalUs, 0) || 1;
  const top = [...rows].sort((a, b) => b.totalUs - a.totalUs).slice(0, 15);
  const max = top[0]?.totalUs || 1;
  const chart = el(
    'div',
    { class: 'bars', role: 'list', 'aria-label': 'Time per syscall' },
    ...top.map((r) =>
      el(
        'div',
        { class: 'bar', role: 'listitem' },
        el('span', { class: 'label' }, r.name),
        el('span', { class: 'fill', style: `width:${((r.totalUs / max) * 100).toFixed(1)}%` }),
        el(
          'span',
          { class: 'value' },
          `${duration(r.totalUs)} (${((r.totalUs / total) * 100).toFixed(1)} %)`,
        ),
      ),
    ),
  );
  const t = table(
    [
      { label: '% time', value: (r) => Number(((r.totalUs / total) * 100).toFixed(2)), numeric: true },
      { label: 'total', value: (r) => duration(r.totalUs) },
      { label: 'calls', value: (r) => r.calls, numeric: true },
      { label: 'errors', value: (r) => r.errors, numeric: true },
      { label: 'p50', value: (r) => duration(r.p50Us) },
      { label: 'p90', value: (r) => duration(r.p90Us) },
      { label: 'p99', value: (r) => duration(r.p99Us) },
      { label: 'max', value: (r) => duration(r.maxUs) },
      { label: 'syscall', value: (r) => r.name },
    ],
    rows,
    'Time inside each syscall (wall time from entry to exit), with latency percentiles',
  );
  return el('div', {}, chart, t);
}

export function errorsView(data: ReportData, q: Query): HTMLElement {
  const groups = data.errors.filter(
    (g) =>
      emptyQuery(q) || matchesText(q, `${g.errno} ${g.calls.map((c) => `${c.name} ${c.path}`).join(' ')}`),
  );
  if (groups.length === 0) return el('p', {}, 'No failed calls.');
  return el(
    'div',
    {},
    ...groups.map((g) =>
      el(
        'section',
        { class: 'errgroup' },
        el('h3', {}, `${g.errno} — ${g.message} (${count(g.count)})`),
        table(
          [
            { label: 'calls', value: (c) => c.count, numeric: true },
            { label: 'syscall', value: (c) => c.name },
            { label: 'path', value: (c) => c.path },
          ],
          g.calls.filter((c) => emptyQuery(q) || matchesText(q, `${g.errno} ${c.name} ${c.path}`)),
          `Calls that failed with ${g.errno}`,
          200,
        ),
      ),
    ),
  );
}

export function filesView(data: ReportData, q: Query): HTMLElement {
  const rows = data.files.filter((f) => emptyQuery(q) || matchesText(q, `${f.path} ${f.pids.join(' ')}`));
  return table(
    [
      { label: 'path', value: (f) => f.path },
      { label: 'opens', value: (f) => f.opens, numeric: true },
      { label: 'reads', value: (f) => f.reads, numeric: true },
      { label: 'writes', value: (f) => f.writes, numeric: true },
      { label: 'failed', value: (f) => f.failed, numeric: true },
      { label: 'errors', value: (f) => f.errnos.join(' ') },
      { label: 'pids', value: (f) => f.pids.join(' ') },
    ],
    rows,
    'Files the trace touched (the vat files view)',
  );
}

export function callsView(data: ReportData, q: Query): HTMLElement {
  const s = data.slices;
  const out: string[] = [];
  const n = s.length / SLICE_FIELDS;
  let shown = 0;
  for (let i = 0; i < n && shown < 2000; i++) {
    const t = data.threads[s[i * SLICE_FIELDS] ?? 0];
    const name = data.names[s[i * SLICE_FIELDS + 3] ?? 0] ?? '';
    const line = data.lines[i] ?? '';
    if (!t || !matches(q, name, t.pid, t.tid, line)) continue;
    out.push(`[pid ${String(t.tid).padStart(6)}] ${line}`);
    shown++;
  }
  return el(
    'div',
    {},
    el(
      'p',
      { class: 'note' },
      shown >= 2000 ? 'The first 2,000 matching calls.' : `${count(shown)} matching calls.`,
    ),
    el('pre', { class: 'calls' }, out.join('\n')),
  );
}

export function findingsView(data: ReportData): HTMLElement {
  if (data.findings.length === 0) return el('p', {}, 'Nothing to advise: no costly pattern found.');
  return el(
    'ol',
    { class: 'findings' },
    ...data.findings.map((f) => el('li', {}, el('strong', {}, f.title), el('p', {}, f.detail))),
  );
}

export function profileView(data: ReportData): HTMLElement {
  if (!data.profile) return el('p', {}, 'No profile could be learned from this trace.');
  return el(
    'div',
    {},
    el(
      'p',
      { class: 'note' },
      'What the traced programs did, as a vat profile: save it and enforce it with vat sandbox, or export it as seccomp policy.',
    ),
    el('pre', { class: 'profile' }, data.profile),
  );
}
