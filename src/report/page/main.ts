// The report page: reads the embedded data, builds the tabs and keeps every view in step with the search box.
import type { ReportData } from '../data.js';
import { count, duration, el } from './dom.js';
import { parseQuery, type Query } from './filter.js';
import { Timeline } from './timeline.js';
import {
  callsView,
  errorsView,
  filesView,
  findingsView,
  processTree,
  profileView,
  summaryView,
} from './views.js';

const source = document.getElementById('vat-data');
const data = JSON.parse(source?.textContent ?? '{}') as ReportData;

const timeline = new Timeline(data);
const VIEWS: readonly { id: string; label: string; render: (q: Query) => HTMLElement }[] = [
  { id: 'processes', label: 'Processes', render: (q) => processTree(data, q) },
  { id: 'timeline', label: 'Timeline', render: () => timeline.root },
  { id: 'summary', label: 'Summary', render: (q) => summaryView(data, q) },
  { id: 'errors', label: `Errors (${count(data.totals.failed)})`, render: (q) => errorsView(data, q) },
  { id: 'files', label: `Files (${count(data.files.length)})`, render: (q) => filesView(data, q) },
  { id: 'calls', label: 'Calls', render: (q) => callsView(data, q) },
  { id: 'findings', label: `Advice (${data.findings.length})`, render: () => findingsView(data) },
  { id: 'profile', label: 'Profile', render: () => profileView(data) },
];

let query: Query = { words: [] };
let current = 0;
const tabs = VIEWS.map((v, i) => {
  const b = el(
    'button',
    { role: 'tab', id: `tab-${v.id}`, 'aria-controls': `view-${v.id}`, type: 'button' },
    v.label,
  );
  b.addEventListener('click', () => select(i));
  b.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (current + step + VIEWS.length) % VIEWS.length;
    select(next);
    tabs[next]?.focus();
  });
  return b;
});
const panels = VIEWS.map((v) =>
  el('section', { role: 'tabpanel', id: `view-${v.id}`, 'aria-labelledby': `tab-${v.id}` }),
);

function render(i: number): void {
  const v = VIEWS[i];
  const p = panels[i];
  if (!v || !p) return;
  p.replaceChildren(v.render(query));
  // which query the view shows: lets a reader (or a test) know the filter has been applied
  p.dataset.query = search.value;
  if (v.id === 'timeline') timeline.draw();
}

function select(i: number): void {
  current = i;
  tabs.forEach((t, j) => {
    t.setAttribute('aria-selected', String(j === i));
    t.tabIndex = j === i ? 0 : -1;
  });
  panels.forEach((p, j) => {
    p.hidden = j !== i;
  });
  render(i);
}

const search = el('input', {
  type: 'search',
  id: 'search',
  placeholder: 'Filter: words, pid:N, name:openat',
  'aria-label': 'Filter every view by syscall, pid or path',
});
let pending = 0;
search.addEventListener('input', () => {
  window.clearTimeout(pending);
  pending = window.setTimeout(() => {
    query = parseQuery(search.value);
    timeline.setQuery(query);
    render(current);
  }, 150);
});

const t = data.totals;
const facts = [
  `${count(t.calls)} calls`,
  `${count(t.failed)} failed`,
  `${count(t.processes)} processes`,
  `${count(t.threads)} threads`,
  `over ${duration(data.spanUs)}`,
  data.startMs > 0 ? `from ${new Date(data.startMs).toISOString().replace('T', ' ').slice(0, 19)} UTC` : '',
].filter(Boolean);
const warnings = [
  t.lost > 0 ? `${count(t.lost)} events were lost while tracing: counts are lower bounds.` : '',
  data.sampling.note,
].filter(Boolean);

document.body.append(
  el(
    'header',
    {},
    el('h1', {}, 'vat report: ', el('code', {}, data.title)),
    el('p', { class: 'facts' }, facts.join(' · ')),
    ...warnings.map((w) => el('p', { class: 'warn', role: 'note' }, w)),
    search,
  ),
  el('nav', { role: 'tablist', 'aria-label': 'Views' }, ...tabs),
  el('main', {}, ...panels),
);
select(0);
