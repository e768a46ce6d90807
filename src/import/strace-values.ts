// strace's argument text back into vat's value tree: strings, numbers, hex, octal, symbolic flags, structs,
// arrays, NULL, fds with -y paths, `/* comments */`, `name=value` and `a => b`. Whatever is not one of these
// shapes (or would not print back to the same text) stays verbatim as {text}.

import { quoteBytes, quoteFdPath } from '../model/quote.js';
import type { Value } from '../model/value.js';
import { hexText } from '../model/value-text.js';
import { bytesText } from '../util/os-bytes.js';
import { unescapeStrace } from './unescape.js';

const NULL_PTR: Value = { k: 'ptr', v: 0n };

/** Characters of a bare word: constants, numbers, flag sets (`O_RDONLY|O_CLOEXEC`, `8192*1024`). */
function isWordChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x7c || // |
    c === 0x2a || // *
    c === 0x2b || // +
    c === 0x2e || // .
    c === 0x2d // -
  );
}
const isNameStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;

const DEC = /^-?\d+$/;
const HEX = /^0x[0-9a-f]+$/;
const OCT = /^0[0-7]+$/;

/** A bare word as a value: decimal, hex, octal, NULL or a symbol, whichever prints back as the same text. */
export function wordValue(w: string): Value {
  if (w === 'NULL') return NULL_PTR;
  const c = w.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
    if (DEC.test(w) && (w === '0' || !/^-?0/.test(w))) {
      return { k: 'int', v: w.length < 16 ? Number(w) : BigInt(w) };
    }
    if (HEX.test(w)) {
      const v = w.length < 15 ? Number.parseInt(w, 16) : BigInt(w);
      if (hexText(v) === w) return { k: 'hex', v };
    } else if (OCT.test(w) && w.length < 12) {
      const v = Number.parseInt(w, 8);
      if (`0${v.toString(8)}`.padStart(3, '0') === w) return { k: 'oct', v };
    }
  }
  return { k: 'sym', text: w };
}

/** A cursor over one line; `fail` marks the value being parsed as not one of the known shapes. */
class Cursor {
  pos = 0;
  constructor(readonly s: string) {}
}

const FAIL = null;

/** End of a string body starting after the opening quote: index of the closing quote, or -1. */
function stringEnd(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

function parseString(c: Cursor): Value | null {
  const s = c.s;
  const start = c.pos;
  let plain = true;
  let end = start + 1;
  for (; end < s.length; end++) {
    const ch = s.charCodeAt(end);
    if (ch === 0x22) break;
    if (ch === 0x5c) {
      plain = false;
      end++;
    } else if (ch < 0x20 || ch > 0x7e) plain = false;
  }
  if (end >= s.length) return FAIL;
  let next = end + 1;
  const more = s.charCodeAt(next) === 0x2e && s.startsWith('...', next);
  if (more) next += 3;
  if (plain) {
    // printable ASCII without escapes: the bytes are the text, and print back as it
    c.pos = next;
    return { k: 'str', bytes: Buffer.from(s.slice(start + 1, end), 'latin1'), more };
  }
  const bytes = unescapeStrace(s, start + 1, end);
  if (!bytes) return FAIL;
  // only escapes vat prints the same way (not -x hex, not \e): others stay text, exactly as written
  if (quoteBytes(bytes, more, 0) !== s.slice(start, next)) return FAIL;
  c.pos = next;
  return { k: 'str', bytes, more };
}

function readWord(c: Cursor): string {
  const s = c.s;
  const start = c.pos;
  let i = start;
  while (i < s.length && isWordChar(s.charCodeAt(i))) i++;
  c.pos = i;
  return s.slice(start, i);
}

const DELETED_MARK = '(deleted)';
const endsValue = (n: number): boolean =>
  Number.isNaN(n) || n === 0x2c || n === 0x29 || n === 0x7d || n === 0x5d || n === 0x20;

/** `3</path>`: the path runs to the `>` that ends the value (-yy socket text may hold `->`; `>(deleted)` ends it too). */
function fdPathEnd(s: string, i: number): number {
  for (let j = s.indexOf('>', i); j >= 0; j = s.indexOf('>', j + 1)) {
    if (endsValue(s.charCodeAt(j + 1))) return j;
    if (s.startsWith(DELETED_MARK, j + 1) && endsValue(s.charCodeAt(j + 1 + DELETED_MARK.length))) return j;
  }
  return -1;
}

/** The fd value of `N<text>`: the path unquoted; the text kept as shown when it is not the path quoted (-yy, -x). */
function fdOf(fd: number, text: string, deleted: boolean): Value {
  // most paths hold no escape: they are their own text
  const bytes = text.includes('\\') ? unescapeStrace(text, 0, text.length) : undefined;
  const path = bytes === undefined ? text : bytesText(bytes);
  return {
    k: 'fd',
    fd,
    path,
    ...(quoteFdPath(path) !== text ? { detail: text } : {}),
    ...(deleted ? { deleted } : {}),
  };
}

/** Skips a balanced chunk (brackets, strings, comments) up to a top-level `, `, closer or marker. */
export function skipBalanced(s: string, i: number): number {
  let depth = 0;
  for (; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0x22) {
      const e = stringEnd(s, i + 1);
      if (e < 0) return s.length;
      i = e;
    } else if (ch === 0x2f && s.charCodeAt(i + 1) === 0x2a) {
      const e = s.indexOf('*/', i + 2);
      if (e < 0) return s.length;
      i = e + 1;
    } else if (ch === 0x28 || ch === 0x5b || ch === 0x7b) depth++;
    else if (ch === 0x29 || ch === 0x5d || ch === 0x7d) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && ch === 0x2c && s.charCodeAt(i + 1) === 0x20) return i;
    else if (
      depth === 0 &&
      ch === 0x20 &&
      s.charCodeAt(i + 1) === 0x3c &&
      /^ <(unfinished|detached|pid changed)/.test(s.slice(i, i + 13))
    )
      return i;
  }
  return i;
}

function parseList(c: Cursor, close: number): { items: Value[]; more: boolean } | null {
  const s = c.s;
  const items: Value[] = [];
  let more = false;
  c.pos++;
  if (s.charCodeAt(c.pos) === close) {
    c.pos++;
    return { items, more };
  }
  for (;;) {
    if (s.startsWith('...', c.pos) && s.charCodeAt(c.pos + 3) === close) {
      more = true;
      c.pos += 4;
      return { items, more };
    }
    const v = close === 0x7d ? parseField(c) : parseValue(c);
    if (v === FAIL) return FAIL;
    items.push(v);
    const ch = s.charCodeAt(c.pos);
    if (ch === close) {
      c.pos++;
      return { items, more };
    }
    if (ch !== 0x2c || s.charCodeAt(c.pos + 1) !== 0x20) return FAIL;
    c.pos += 2;
  }
}

/** A struct member, `name=value` or a bare value; kept as a `named` value until the struct is built. */
function parseField(c: Cursor): Value | null {
  const s = c.s;
  const start = c.pos;
  if (isNameStart(s.charCodeAt(start))) {
    let i = start;
    while (i < s.length) {
      const ch = s.charCodeAt(i);
      if (isWordChar(ch) || ch === 0x5b || ch === 0x5d) i++;
      else break;
    }
    if (s.charCodeAt(i) === 0x3d && s.charCodeAt(i + 1) !== 0x3e) {
      const name = s.slice(start, i);
      if (!/^[A-Za-z_]\w*(\[[\w.]+\])*$/.test(name)) return FAIL;
      c.pos = i + 1;
      const v = parseValue(c);
      return v === FAIL ? FAIL : { k: 'named', name, value: v };
    }
  }
  const v = parseValue(c);
  return v === FAIL ? FAIL : { k: 'named', name: '', value: v };
}

function parsePrimary(c: Cursor): Value | null {
  const s = c.s;
  const ch = s.charCodeAt(c.pos);
  if (ch === 0x22) return parseString(c);
  if (ch === 0x5b) {
    const l = parseList(c, 0x5d);
    if (l === FAIL) return FAIL;
    return l.more ? { k: 'array', items: l.items, more: true } : { k: 'array', items: l.items };
  }
  if (ch === 0x7b) {
    const l = parseList(c, 0x7d);
    if (l === FAIL) return FAIL;
    const fields = l.items.map((f) => (f.k === 'named' ? ([f.name, f.value] as const) : (['', f] as const)));
    return l.more ? { k: 'struct', fields, more: true } : { k: 'struct', fields };
  }
  const start = c.pos;
  const w = readWord(c);
  if (w === '') return FAIL;
  const next = s.charCodeAt(c.pos);
  if (next === 0x28) {
    // a call-shaped value: makedev(0x1, 0x3), htons(80), inet_addr("127.0.0.1")
    const end = skipBalanced(s, c.pos + 1);
    if (s.charCodeAt(end) !== 0x29) return FAIL;
    c.pos = end + 1;
    return { k: 'text', text: s.slice(start, c.pos) };
  }
  if (next === 0x3c && DEC.test(w)) {
    const end = fdPathEnd(s, c.pos + 1);
    if (end < 0) return FAIL;
    const text = s.slice(c.pos + 1, end);
    const deleted = s.startsWith(DELETED_MARK, end + 1);
    c.pos = end + 1 + (deleted ? DELETED_MARK.length : 0);
    return fdOf(Number(w), text, deleted);
  }
  return wordValue(w);
}

/** One value at the cursor, with its trailing ` /* comment *\/` and ` => after`, or FAIL. */
function parseValue(c: Cursor): Value | null {
  let v = parsePrimary(c);
  if (v === FAIL) return FAIL;
  const s = c.s;
  for (;;) {
    if (s.startsWith(' /* ', c.pos)) {
      const end = s.indexOf(' */', c.pos + 4);
      if (end < 0) return FAIL;
      v = { k: 'commented', value: v, comment: s.slice(c.pos + 4, end) };
      c.pos = end + 3;
    } else if (s.startsWith(' => ', c.pos)) {
      c.pos += 4;
      const after = parsePrimary(c);
      if (after === FAIL) return FAIL;
      v = { k: 'changed', before: v, after };
    } else return v;
  }
}

/** Whether an argument ends at `i`: `, `, `)`, an end-of-line marker, or the end of the text. */
function argEnds(s: string, i: number): boolean {
  if (i >= s.length) return true;
  const ch = s.charCodeAt(i);
  return ch === 0x29 || (ch === 0x2c && s.charCodeAt(i + 1) === 0x20) || s.startsWith(' <', i);
}

/** One top-level argument at `c.pos` (named arguments allowed); falls back to its verbatim text. */
function parseArg(c: Cursor): Value {
  const s = c.s;
  const start = c.pos;
  let v: Value | null;
  const eq = isNameStart(s.charCodeAt(start)) ? namedArgEq(s, start) : -1;
  if (eq > 0) {
    c.pos = eq + 1;
    const inner = parseValue(c);
    v = inner === FAIL ? FAIL : { k: 'named', name: s.slice(start, eq), value: inner };
  } else v = parseValue(c);
  if (v !== FAIL && argEnds(s, c.pos)) return v;
  c.pos = skipBalanced(s, start);
  return { k: 'text', text: s.slice(start, c.pos) };
}

/** One top-level argument of `s` at `from`, as parseArgs() reads it: its value and where it ends. */
export function argAt(s: string, from: number): { value: Value; end: number } {
  const c = new Cursor(s);
  c.pos = from;
  const value = parseArg(c);
  return { value, end: c.pos };
}

/** `child_stack=NULL`: index of the `=` after a plain name, or -1. */
function namedArgEq(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const ch = s.charCodeAt(j);
    if ((ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x30 && ch <= 0x39) || ch === 0x5f)
      j++;
    else break;
  }
  return s.charCodeAt(j) === 0x3d && s.charCodeAt(j + 1) !== 0x3e ? j : -1;
}

/**
 * The arguments of a call from `from`: values up to the `)` that closes the call, a ` <...>` marker, or the
 * end. Returns the values and where the list stopped (at the `)`, the space of the marker, or the end).
 */
export function parseArgs(s: string, from: number): { values: Value[]; end: number; trailingComma: boolean } {
  const c = new Cursor(s);
  c.pos = from;
  const values: Value[] = [];
  let trailingComma = false;
  if (s.charCodeAt(from) === 0x29 || from >= s.length || s.startsWith(' <', from))
    return { values, end: from, trailingComma };
  for (;;) {
    values.push(parseArg(c));
    if (s.charCodeAt(c.pos) === 0x2c && s.charCodeAt(c.pos + 1) === 0x20) {
      c.pos += 2;
      // `read(3, ` + ` <unfinished ...>`: the entry printed a separator for arguments decoded at exit
      if (c.pos >= s.length || s.startsWith(' <', c.pos) || s.startsWith('<', c.pos)) {
        trailingComma = true;
        if (s.startsWith('<', c.pos)) c.pos--;
        return { values, end: c.pos, trailingComma };
      }
      continue;
    }
    return { values, end: c.pos, trailingComma };
  }
}

/** One value from text that is a single value (siginfo of a signal line, a return value). */
export function parseOneValue(s: string, from = 0, to = s.length): Value {
  const sub = from === 0 && to === s.length ? s : s.slice(from, to);
  const c = new Cursor(sub);
  const v = parseValue(c);
  return v !== FAIL && c.pos === sub.length ? v : { k: 'text', text: sub };
}
