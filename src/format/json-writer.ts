// A small JSON writer for records: bigints as exact integers, undefined fields left out, and exact decimal
// numbers (`JsonNumber`) spliced in as written; faster than JSON.stringify with a replacer.

/** A number written from its decimal text (Perfetto's microseconds, exact). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export function jsonText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += i === 0 ? jsonText(v[i]) : `,${jsonText(v[i])}`;
        return `${out}]`;
      }
      if (v instanceof JsonNumber) return v.text;
      let out = '{';
      let first = true;
      for (const key in v) {
        const x = (v as Record<string, unknown>)[key];
        if (x === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${jsonText(x)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}

/** The text of a top-level `ts` or `dur`. */
const exact = (x: unknown): string => (x instanceof JsonNumber ? x.text : String(x));

/**
 * One JSON line for an object whose top-level `ts` (and `dur`) are bigints or exact numbers: the native
 * JSON.stringify with those two written as 0 and their digits spliced in after (the first `"ts":0` is that key:
 * nothing before it is free text), and the slower writer when a bigint sits deeper.
 */
export function recordLine(o: object): string {
  const r = o as { ts?: unknown; dur?: unknown };
  const ts = r.ts;
  const dur = r.dur;
  if (ts !== undefined) r.ts = 0;
  if (dur !== undefined) r.dur = 0;
  let text: string;
  try {
    text = JSON.stringify(r);
  } catch {
    text = '';
  }
  if (ts !== undefined) r.ts = ts;
  if (dur !== undefined) r.dur = dur;
  if (text === '') return jsonText(r);
  // slices and one concatenation: cheaper than String.prototype.replace, once per record
  const i = ts === undefined ? -1 : text.indexOf('"ts":0');
  const j = dur === undefined ? -1 : text.indexOf('"dur":0');
  if (i < 0 && j < 0) return text;
  if (j < 0) return `${text.slice(0, i + 5)}${exact(ts)}${text.slice(i + 6)}`;
  if (i < 0) return `${text.slice(0, j + 6)}${exact(dur)}${text.slice(j + 7)}`;
  return i < j
    ? `${text.slice(0, i + 5)}${exact(ts)}${text.slice(i + 6, j + 6)}${exact(dur)}${text.slice(j + 7)}`
    : `${text.slice(0, j + 6)}${exact(dur)}${text.slice(j + 7, i + 5)}${exact(ts)}${text.slice(i + 6)}`;
}
