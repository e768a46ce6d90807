// Small DOM helpers: every text goes in through textContent, never as HTML (trace strings are hostile).

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** Microseconds as people read them: 950 µs, 12.3 ms, 4.56 s. */
export function duration(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toPrecision(3)} ms`;
  return `${(us / 1_000_000).toPrecision(3)} s`;
}

export const count = (n: number): string => n.toLocaleString('en-US');

/** A sortable table: click or Enter on a header sorts by that column. */
export function table<T>(
  columns: readonly { label: string; value: (row: T) => string | number; numeric?: boolean }[],
  rows: readonly T[],
  caption: string,
  limit = 500,
): HTMLElement {
  let sortCol = -1;
  let desc = true;
  const tbody = el('tbody');
  const fill = (): void => {
    const sorted = [...rows];
    const col = columns[sortCol];
    if (col)
      sorted.sort((a, b) => {
        const x = col.value(a);
        const y = col.value(b);
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return desc ? -c : c;
      });
    tbody.replaceChildren(
      ...sorted.slice(0, limit).map((r) =>
        el(
          'tr',
          {},
          ...columns.map((c) => {
            const v = c.value(r);
            return el('td', c.numeric ? { class: 'num' } : {}, typeof v === 'number' ? count(v) : v);
          }),
        ),
      ),
    );
  };
  const head = el(
    'tr',
    {},
    ...columns.map((c, i) => {
      const th = el('th', { tabindex: '0', scope: 'col', class: c.numeric ? 'num' : '' }, c.label);
      const sort = (): void => {
        desc = sortCol === i ? !desc : true;
        sortCol = i;
        fill();
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          sort();
        }
      });
      return th;
    }),
  );
  fill();
  const more =
    rows.length > limit
      ? el('p', { class: 'note' }, `First ${count(limit)} of ${count(rows.length)} rows.`)
      : null;
  return el(
    'div',
    { class: 'table-wrap' },
    el('table', {}, el('caption', {}, caption), el('thead', {}, head), tbody),
    more,
  );
}
