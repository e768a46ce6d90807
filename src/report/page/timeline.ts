// The per-thread timeline: one lane per thread, one box per call (long boxes are blocked time), zoom and pan
// with the wheel, drag, buttons or keys (+ - arrows 0); hover or select a call to read its line.
import { type ReportData, SLICE_FIELDS } from '../data.js';
import { duration, el } from './dom.js';
import { emptyQuery, matches, type Query } from './filter.js';

const LANE = 18;
const AXIS = 22;
const LABELS = 150;

interface Lane {
  readonly label: string;
  readonly pid: number;
  readonly tid: number;
  /** Slice indexes [from, to) of this thread (slices are ordered by thread, then start). */
  readonly from: number;
  readonly to: number;
}

function lanesOf(data: ReportData): Lane[] {
  const lanes: Lane[] = [];
  const n = data.slices.length / SLICE_FIELDS;
  let i = 0;
  data.threads.forEach((t, ti) => {
    const from = i;
    while (i < n && data.slices[i * SLICE_FIELDS] === ti) i++;
    const proc = data.processes.find((p) => p.pid === t.pid);
    const exe = proc?.execs.at(-1)?.path.split('/').at(-1) ?? '';
    lanes.push({
      label: t.tid === t.pid ? `${t.pid} ${exe}` : `  ${t.tid} (thread)`,
      pid: t.pid,
      tid: t.tid,
      from,
      to: i,
    });
  });
  return lanes;
}

function color(nameIdx: number, failed: boolean): string {
  if (failed) return 'var(--bad)';
  return `hsl(${(nameIdx * 47) % 360} 55% 55%)`;
}

export class Timeline {
  readonly root: HTMLElement;
  private readonly canvas = el('canvas', {
    tabindex: '0',
    role: 'img',
    'aria-label': 'Timeline of calls per thread; keys: + and - zoom, arrows pan, 0 resets',
  });
  private readonly tip = el('div', { class: 'tip', role: 'status' });
  private readonly detail = el(
    'pre',
    { class: 'detail', 'aria-live': 'polite' },
    'Select a call to see its line.',
  );
  private readonly lanes: Lane[];
  private v0 = 0;
  private v1: number;
  private query: Query = { words: [] };
  private colors = new Map<string, string>();

  constructor(private readonly data: ReportData) {
    this.lanes = lanesOf(data);
    this.v1 = Math.max(1, data.spanUs);
    const btn = (label: string, title: string, f: () => void): HTMLButtonElement => {
      const b = el('button', { type: 'button', title }, label);
      b.addEventListener('click', f);
      return b;
    };
    const tools = el(
      'div',
      { class: 'tools' },
      btn('+', 'Zoom in', () => this.zoom(0.5)),
      btn('−', 'Zoom out', () => this.zoom(2)),
      btn('⟲', 'Show everything', () => this.reset()),
    );
    const scroller = el('div', { class: 'lanes' }, this.canvas, this.tip);
    this.root = el('div', {}, tools, scroller, this.detail);
    this.bind();
  }

  setQuery(q: Query): void {
    this.query = q;
    this.draw();
  }

  private reset(): void {
    this.v0 = 0;
    this.v1 = Math.max(1, this.data.spanUs);
    this.draw();
  }

  private zoom(factor: number, at = 0.5): void {
    const span = this.v1 - this.v0;
    const centre = this.v0 + span * at;
    const next = Math.min(Math.max(span * factor, 1), Math.max(1, this.data.spanUs) * 1.05);
    this.v0 = centre - next * at;
    this.v1 = this.v0 + next;
    this.draw();
  }

  private pan(fraction: number): void {
    const d = (this.v1 - this.v0) * fraction;
    this.v0 += d;
    this.v1 += d;
    this.draw();
  }

  private bind(): void {
    const c = this.canvas;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = c.getBoundingClientRect();
      const at = Math.min(1, Math.max(0, (e.clientX - r.left - LABELS) / Math.max(1, r.width - LABELS)));
      this.zoom(e.deltaY > 0 ? 1.25 : 0.8, at);
    });
    let drag: { x: number; v0: number } | undefined;
    c.addEventListener('mousedown', (e) => {
      drag = { x: e.clientX, v0: this.v0 };
    });
    window.addEventListener('mouseup', () => {
      drag = undefined;
    });
    c.addEventListener('mousemove', (e) => {
      if (drag) {
        const span = this.v1 - this.v0;
        const w = c.getBoundingClientRect().width - LABELS;
        this.v0 = drag.v0 - ((e.clientX - drag.x) / Math.max(1, w)) * span;
        this.v1 = this.v0 + span;
        this.draw();
        return;
      }
      const hit = this.hit(e);
      this.tip.textContent = hit === undefined ? '' : this.describe(hit);
      this.tip.style.display = hit === undefined ? 'none' : 'block';
      const r = c.getBoundingClientRect();
      this.tip.style.left = `${e.clientX - r.left + 12}px`;
      this.tip.style.top = `${e.clientY - r.top + 12}px`;
    });
    c.addEventListener('mouseleave', () => {
      this.tip.style.display = 'none';
    });
    c.addEventListener('click', (e) => {
      const hit = this.hit(e);
      if (hit !== undefined) this.detail.textContent = this.describe(hit);
    });
    c.addEventListener('keydown', (e) => {
      const keys: Record<string, () => void> = {
        '+': () => this.zoom(0.5),
        '=': () => this.zoom(0.5),
        '-': () => this.zoom(2),
        '0': () => this.reset(),
        ArrowLeft: () => this.pan(-0.2),
        ArrowRight: () => this.pan(0.2),
      };
      const f = keys[e.key];
      if (f) {
        e.preventDefault();
        f();
      }
    });
    new ResizeObserver(() => this.draw()).observe(c);
  }

  private describe(i: number): string {
    const s = this.data.slices;
    const b = i * SLICE_FIELDS;
    const t = this.data.threads[s[b] ?? 0];
    return `[pid ${t?.tid ?? '?'}] +${duration(s[b + 1] ?? 0)}  ${this.data.lines[i] ?? ''}  <${duration(s[b + 2] ?? 0)}>`;
  }

  /** The slice under the mouse, by lane and a binary search on start times. */
  private hit(e: MouseEvent): number | undefined {
    const r = this.canvas.getBoundingClientRect();
    const lane = this.lanes[Math.floor((e.clientY - r.top - AXIS) / LANE)];
    const x = e.clientX - r.left - LABELS;
    if (!lane || x < 0) return undefined;
    const per = (this.v1 - this.v0) / Math.max(1, r.width - LABELS);
    const t = this.v0 + x * per;
    const s = this.data.slices;
    let lo = lane.from;
    let hi = lane.to;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid * SLICE_FIELDS + 1] ?? 0) <= t) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= lane.from && i >= lo - 50; i--) {
      const start = s[i * SLICE_FIELDS + 1] ?? 0;
      const end = start + Math.max(s[i * SLICE_FIELDS + 2] ?? 0, 2 * per);
      if (t >= start && t <= end) return i;
    }
    return undefined;
  }

  draw(): void {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(300, c.parentElement?.clientWidth ?? 800);
    const height = AXIS + this.lanes.length * LANE + 4;
    c.style.width = `${width}px`;
    c.style.height = `${height}px`;
    c.width = Math.floor(width * ratio);
    c.height = Math.floor(height * ratio);
    const g = c.getContext('2d');
    if (!g) return;
    g.scale(ratio, ratio);
    const css = getComputedStyle(document.documentElement);
    const fg = css.getPropertyValue('--fg').trim() || '#222';
    const muted = css.getPropertyValue('--muted').trim() || '#888';
    const bad = css.getPropertyValue('--bad').trim() || '#c33';
    g.clearRect(0, 0, width, height);
    g.font = '11px ui-monospace, monospace';
    const span = this.v1 - this.v0;
    const scale = (width - LABELS) / span;
    // time axis: about eight ticks at round values
    const step = 10 ** Math.floor(Math.log10(span / 8));
    const tick = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= 10) ?? step * 10;
    g.fillStyle = muted;
    for (let t = Math.ceil(this.v0 / tick) * tick; t < this.v1; t += tick) {
      const x = LABELS + (t - this.v0) * scale;
      g.fillRect(x, AXIS - 6, 1, 6);
      g.fillText(duration(t), x + 2, AXIS - 8);
    }
    const s = this.data.slices;
    const filtering = !emptyQuery(this.query);
    this.lanes.forEach((lane, li) => {
      const y = AXIS + li * LANE;
      g.fillStyle = fg;
      g.fillText(lane.label.slice(0, 22), 4, y + 13);
      g.fillStyle = muted;
      g.fillRect(LABELS, y + LANE - 1, width - LABELS, 0.5);
      for (let i = lane.from; i < lane.to; i++) {
        const b = i * SLICE_FIELDS;
        const start = s[b + 1] ?? 0;
        const dur = s[b + 2] ?? 0;
        if (start + dur < this.v0 || start > this.v1) continue;
        const nameIdx = s[b + 3] ?? 0;
        const failed = (s[b + 4] ?? -1) >= 0;
        const name = this.data.names[nameIdx] ?? '';
        const hitQuery =
          !filtering || matches(this.query, name, lane.pid, lane.tid, this.data.lines[i] ?? '');
        const x = LABELS + (start - this.v0) * scale;
        const w = Math.max(1, dur * scale);
        g.globalAlpha = hitQuery ? 1 : 0.12;
        g.fillStyle = failed ? bad : this.color(nameIdx);
        g.fillRect(Math.max(LABELS, x), y + 3, Math.min(w, width), LANE - 6);
        if (w > 40 && hitQuery) {
          g.fillStyle = '#000';
          g.fillText(name.slice(0, Math.floor(w / 7)), Math.max(LABELS, x) + 2, y + 13);
        }
      }
      g.globalAlpha = 1;
    });
    for (const sig of this.data.signals) {
      const li = this.lanes.findIndex((l) => l.tid === sig.tid);
      if (li < 0 || sig.us < this.v0 || sig.us > this.v1) continue;
      const x = LABELS + (sig.us - this.v0) * scale;
      g.fillStyle = bad;
      g.beginPath();
      g.moveTo(x, AXIS + li * LANE + 2);
      g.lineTo(x + 4, AXIS + li * LANE + 8);
      g.lineTo(x - 4, AXIS + li * LANE + 8);
      g.fill();
    }
  }

  private color(nameIdx: number): string {
    const key = String(nameIdx);
    let c = this.colors.get(key);
    if (!c) {
      c = color(nameIdx, false);
      this.colors.set(key, c);
    }
    return c;
  }
}
