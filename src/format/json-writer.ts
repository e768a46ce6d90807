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

/**
 * One JSON line for an object whose top-level `ts` (and `dur`) are bigints or exact numbers: the native
 * JSON.stringify with those two spliced in after (the first `"ts":0` is that key: nothing before it is free
 * text), and the slower writer when a bigint sits deeper.
 */
export function recordLine(o: object): string {
  const r = o as { ts?: unknown; dur?: unknown };
  const ts = r.ts;
  const dur = r.dur;
  if (ts !== undefined) r.ts = 0;
  if (dur !== undefined) r.dur = 0;
  try {
    let text = JSON.stringify(r);
    if (ts !== undefined)
      text = text.replace('"ts":0', `"ts":${ts instanceof JsonNumber ? ts.text : String(ts)}`);
    if (dur !== undefined)
      text = text.replace('"dur":0', `"dur":${dur instanceof JsonNumber ? dur.text : String(dur)}`);
    return text;
  } catch {
    if (ts !== undefined) r.ts = ts;
    if (dur !== undefined) r.dur = dur;
    return jsonText(r);
  } finally {
    if (ts !== undefined) r.ts = ts;
    if (dur !== undefined) r.dur = dur;
  }
}
