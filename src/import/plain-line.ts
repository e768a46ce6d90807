// The one reader of a plain call line of an strace log (`name(args) = result`, the call opened and closed on one
// line), read once from its text: the pid prefix, the clock, the name, -T's duration, where each argument starts
// and ends, the result. vat import writes each argument's JSON text as it is read (import/direct-line.ts); the
// analyses keep where the arguments are and read the ones they ask for (import/line-call.ts). A line of another
// kind, or an argument shape not read here, is left to the general parser (strace-line.ts, strace-values.ts),
// which both must agree with (test/import/direct-line.test.ts, record-lines.test.ts, line-call.test.ts).

import { signatureFor } from '../decode/decode-call.js';
import { jsonValueText } from '../format/json-value-text.js';
import { asKind } from '../format/jsonl-record.js';
import type { Value } from '../model/value.js';
import { errnoByName } from '../tables/errnos.js';
import { parseResult, type Result } from './strace-line.js';
import { syscallNr } from './strace-log.js';
import { argAt, wordValue } from './strace-values.js';

/** What a call's name gives every line of it: its number, and each argument's name and kind. */
export interface NameInfo {
  readonly name: string;
  readonly nr: number;
  /** clone, fork and the like: their children's thread groups are the joiner's to note. */
  readonly fork: boolean;
  readonly ret: string;
  /** `{"name":"fd","raw":null,"value":` per signature argument. */
  readonly prefixes: readonly string[];
  readonly kinds: readonly string[];
}

/** pid_max can be at most 2^22 (strace-line.ts reads a larger leading number as a -ttt time stamp). */
const PID_MAX = 4_194_304;
const FORKS = new Set(['clone', 'clone3', 'fork', 'vfork']);
const BILLION = 1_000_000_000n;
/** More fields than this and the general writer decides the keys (json-value-text.ts's plainKeys). */
const MAX_FIELDS = 32;

/** Character classes of the ASCII range, one table lookup per character (a chain of comparisons costs more). */
const DIGIT = 1;
const NAME_START = 2;
/** strace-values.ts's bare word characters: letters, digits, `_|*+.-`. */
const WORD = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[0-9]/.test(ch)) CLASS[c] = DIGIT | WORD;
  else if (/[A-Za-z_]/.test(ch)) CLASS[c] = NAME_START | WORD;
  else if (/[|*+.-]/.test(ch)) CLASS[c] = WORD;
}
/** NaN (past the end) and non-ASCII characters are in no class. */
const is = (c: number, cls: number): boolean => c < 128 && ((CLASS[c] as number) & cls) !== 0;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isNameStart = (c: number): boolean => is(c, NAME_START);
const isIdent = (c: number): boolean => is(c, NAME_START | DIGIT);
const isWordChar = (c: number): boolean => is(c, WORD);

/** The first 9 digits of a fraction as nanoseconds, as strace-line.ts reads them. */
export function fracNanos(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = 0; i < 9; i++) n = n * 10 + (from + i < to ? s.charCodeAt(from + i) - 0x30 : 0);
  return n;
}

const names = new Map<string, NameInfo>();
function nameInfo(name: string): NameInfo {
  let info = names.get(name);
  if (info === undefined) {
    const sig = signatureFor(name);
    info = {
      name,
      nr: syscallNr(name),
      fork: FORKS.has(name),
      ret: sig.ret,
      prefixes: sig.args.map((a) => `{"name":${JSON.stringify(a.name)},"raw":null,"value":`),
      kinds: sig.args.map((a) => a.kind),
    };
    names.set(name, info);
  }
  return info;
}

/** The info of the last name read per slot (by its length and two of its characters). */
const recentNames = new Array<NameInfo | undefined>(1024).fill(undefined);

/** The info of the name at s[from, to): most lines find it in recentNames without slicing and hashing it. */
function nameInfoAt(s: string, from: number, to: number): NameInfo {
  const len = to - from;
  const slot = (len * 64 + s.charCodeAt(from) * 8 + s.charCodeAt(to - 1)) & 1023;
  const recent = recentNames[slot];
  if (recent !== undefined && recent.name.length === len && s.startsWith(recent.name, from)) return recent;
  const info = nameInfo(s.slice(from, to));
  recentNames[slot] = info;
  return info;
}

/**
 * Reads plain call lines; the fields hold the last line scan() accepted. `json`: also write each argument's JSON
 * text (`args`, as the general writer writes it); without it only where each argument is is kept.
 */
export class PlainLineScanner {
  pid: number | undefined;
  style: 'plain' | 'bracket' | 'none' = 'none';
  /** -ttt's seconds since the epoch (else -t/-tt's seconds of the day). */
  unix = false;
  /** The clock's whole seconds; -1 when the line has no clock. */
  seconds = -1;
  fracFrom = 0;
  fracTo = 0;
  name = '';
  info: NameInfo = nameInfo('');
  /** The line without its -T duration. */
  body = '';
  /** -T: the duration in nanoseconds when it fits a double exactly (-1: in durBig, or none), and its digits. */
  private durNs = -1;
  private durBig: bigint | undefined;
  durDigits = 0;
  /** The `args` array's JSON text without its brackets (`json` only). */
  args = '';
  /** How many arguments the line has, where each starts in `body`, and where the list ends (at its `)`). */
  count = 0;
  readonly starts: number[] = [];
  argsEnd = 0;
  /** An argument the general parser read (a shape not read here), by index; undefined for the others. */
  readonly parsed: (Value | undefined)[] = [];
  /** The result as a Result (without `json`). */
  result: Result = { ret: undefined };
  /** The result as the record writes it (`json`): the return value, its JSON text, detail and errno. */
  ret: bigint | string = '';
  retJson: string | undefined;
  retDetail: string | undefined;
  errno: number | undefined;
  /** Where the value just read ends. */
  private pos = 0;

  constructor(private readonly json: boolean) {}

  /** -T's duration in nanoseconds (undefined: the line has none). */
  get dur(): bigint | undefined {
    return this.durNs >= 0 ? BigInt(this.durNs) : this.durBig;
  }

  /** The duration's nanoseconds as the record writes them (undefined: none), without a BigInt. */
  get durText(): string | undefined {
    return this.durNs >= 0 ? String(this.durNs) : this.durBig?.toString();
  }

  get hasDur(): boolean {
    return this.durNs >= 0 || this.durBig !== undefined;
  }

  /** Reads one line; false (the fields undefined) when it is not a plain call line this reader reads. */
  scan(s: string): boolean {
    const len = s.length;
    let i = 0;
    let pid: number | undefined;
    let style: 'plain' | 'bracket' | 'none' = 'none';
    let c = s.charCodeAt(0);
    if (c === 0x5b) {
      // `[pid  1234] `
      if (!s.startsWith('[pid ', 0)) return false;
      i = 5;
      while (s.charCodeAt(i) === 0x20) i++;
      const from = i;
      let n = 0;
      for (c = s.charCodeAt(i); isDigit(c); c = s.charCodeAt(++i)) n = n * 10 + c - 0x30;
      if (i === from || i - from > 15 || c !== 0x5d || s.charCodeAt(i + 1) !== 0x20) return false;
      pid = n;
      style = 'bracket';
      i += 2;
    } else if (isDigit(c)) {
      // `1234  ` (-o with -f), unless the number is a -ttt time stamp
      let n = 0;
      for (; isDigit(c); c = s.charCodeAt(++i)) n = n * 10 + c - 0x30;
      if (c === 0x20) {
        if (n <= PID_MAX) {
          pid = n;
          style = 'plain';
          while (s.charCodeAt(i) === 0x20) i++;
        } else i = 0;
      } else i = 0;
    }
    // -t/-tt (`12:34:56.123456 `) or -ttt (`1700000000.123456 `); anything else before the name (-r) is not read here
    let unix = false;
    let seconds = -1;
    let fracFrom = 0;
    let fracTo = 0;
    c = s.charCodeAt(i);
    if (isDigit(c)) {
      const from = i;
      if (
        isDigit(s.charCodeAt(i + 1)) &&
        s.charCodeAt(i + 2) === 0x3a &&
        isDigit(s.charCodeAt(i + 3)) &&
        isDigit(s.charCodeAt(i + 4)) &&
        s.charCodeAt(i + 5) === 0x3a &&
        isDigit(s.charCodeAt(i + 6)) &&
        isDigit(s.charCodeAt(i + 7))
      ) {
        seconds =
          (s.charCodeAt(i) * 10 + s.charCodeAt(i + 1) - 528) * 3600 +
          (s.charCodeAt(i + 3) * 10 + s.charCodeAt(i + 4) - 528) * 60 +
          s.charCodeAt(i + 6) * 10 +
          s.charCodeAt(i + 7) -
          528;
        i += 8;
      } else {
        while (isDigit(s.charCodeAt(i))) i++;
        if (i - from < 9) return false;
        unix = true;
        seconds = Number(s.slice(from, i));
      }
      if (s.charCodeAt(i) === 0x2e) {
        fracFrom = ++i;
        while (isDigit(s.charCodeAt(i))) i++;
        fracTo = i;
        if (fracTo === fracFrom) return false;
      }
      if (s.charCodeAt(i) !== 0x20) return false;
      i++;
    }
    // the name: strace's `[A-Za-z0-9_?]+(`, here from a letter (a digit, `(+`, `<...`, `---`, `+++` are not calls)
    const nameFrom = i;
    if (!isNameStart(s.charCodeAt(i))) return false;
    while (isIdent(s.charCodeAt(i)) || s.charCodeAt(i) === 0x3f) i++;
    if (s.charCodeAt(i) !== 0x28) return false;
    const info = nameInfoAt(s, nameFrom, i);
    const name = info.name;
    if (info.fork) return false;
    i++;
    // -T: ` <0.000010>` at the end (strace-line.ts's ` <(\d+)\.(\d+)>$` after the last ` <`), read backwards
    let body = s;
    let durNs = -1;
    let durBig: bigint | undefined;
    let durDigits = 0;
    if (s.charCodeAt(len - 1) === 0x3e) {
      let k = len - 2;
      while (isDigit(s.charCodeAt(k))) k--;
      const fracFrom = k + 1;
      if (fracFrom < len - 1 && s.charCodeAt(k) === 0x2e) {
        const dot = k--;
        while (isDigit(s.charCodeAt(k))) k--;
        if (k + 1 < dot && s.charCodeAt(k) === 0x3c && s.charCodeAt(k - 1) === 0x20) {
          const nanos = fracNanos(s, fracFrom, len - 1);
          if (dot - k - 1 <= 6) {
            // up to 10^15 ns: exact in a double
            let whole = 0;
            for (let d = k + 1; d < dot; d++) whole = whole * 10 + s.charCodeAt(d) - 0x30;
            durNs = whole * 1e9 + nanos;
          } else durBig = BigInt(s.slice(k + 1, dot)) * BILLION + BigInt(nanos);
          durDigits = len - 1 - fracFrom;
          body = s.slice(0, k - 1);
        }
      }
    }
    if (!this.argList(body, i, info)) return false;
    // `) = result`
    i = this.pos;
    if (body.charCodeAt(i) !== 0x29) return false;
    i++;
    while (body.charCodeAt(i) === 0x20) i++;
    if (body.charCodeAt(i) !== 0x3d || body.charCodeAt(i + 1) !== 0x20) return false;
    if (this.json) {
      if (!this.resultJson(body, i + 2, info)) return false;
    } else {
      const result = parseResult(body.slice(i + 2));
      if (result === undefined || result.ret === undefined) return false;
      this.result = result;
    }
    this.pid = pid;
    this.style = style;
    this.unix = unix;
    this.seconds = seconds;
    this.fracFrom = fracFrom;
    this.fracTo = fracTo;
    this.name = name;
    this.info = info;
    this.body = body;
    this.durNs = durNs;
    this.durBig = durBig;
    this.durDigits = durDigits;
    return true;
  }

  /**
   * The result from `from` to the end as the record writes it: `3`, `0x7f...`, `-1 ENOENT (...)` read here, the
   * rest by parseResult(); false for `?` or what does not parse. Sets ret, retJson, retDetail and errno.
   */
  private resultJson(s: string, from: number, info: NameInfo): boolean {
    const len = s.length;
    const c = s.charCodeAt(from);
    this.retDetail = undefined;
    this.errno = undefined;
    if (c === 0x2d && s.startsWith('-1 E', from)) {
      // `-1 ENOENT (No such file or directory)`
      let k = from + 4;
      for (
        let e = s.charCodeAt(k);
        (e >= 0x41 && e <= 0x5a) || isDigit(e) || e === 0x5f;
        e = s.charCodeAt(++k)
      );
      if (s.charCodeAt(k) === 0x20 && s.charCodeAt(k + 1) === 0x28 && s.charCodeAt(len - 1) === 0x29) {
        const value = errnoByName(s.slice(from + 3, k))?.value;
        if (value === undefined) return false;
        this.ret = String(-value);
        this.retJson = undefined;
        this.errno = value;
        return true;
      }
    } else if (isDigit(c)) {
      let k = from + 1;
      if (c === 0x30 && s.charCodeAt(k) === 0x78) {
        // `0x7f12ab`, as vat writes hex (no leading zero), within 2^53
        k++;
        for (let h = s.charCodeAt(k); isDigit(h) || (h >= 0x61 && h <= 0x66); h = s.charCodeAt(++k));
        if (k === len && len - from > 2 && len - from <= 15 && s.charCodeAt(from + 2) !== 0x30) {
          const w = s.slice(from);
          this.ret = String(Number.parseInt(w, 16));
          this.retJson = `{"hex":"${w}"}`;
          return true;
        }
      } else {
        while (isDigit(s.charCodeAt(k))) k++;
        if (k === len && len - from < 16 && (c !== 0x30 || len - from === 1)) {
          const w = s.slice(from);
          this.ret = w;
          this.retJson = info.ret === 'fd' ? `{"fd":${w}}` : w;
          return true;
        }
      }
    }
    const r = parseResult(s.slice(from));
    if (r === undefined || r.ret === undefined) return false;
    this.ret = r.ret;
    this.errno = r.errno;
    this.retDetail = r.retDetail;
    this.retJson = undefined;
    if (r.retValue !== undefined && r.errno === undefined)
      this.retJson = jsonValueText(info.ret === 'fd' ? asKind(r.retValue, 'fd') : r.retValue);
    return true;
  }

  /** The arguments from `from` (their JSON in `args` with `json`); this.pos is where the list stopped. */
  private argList(s: string, from: number, info: NameInfo): boolean {
    const json = this.json;
    const n = info.prefixes.length;
    let out = '';
    let i = from;
    let count = 0;
    if (!(s.charCodeAt(i) === 0x29 || i >= s.length || s.startsWith(' <', i)))
      for (;;) {
        const kind = count < n ? info.kinds[count] : undefined;
        let v = this.topValue(s, i, kind);
        this.parsed[count] = undefined;
        if (v === undefined) {
          // a shape not read here: the general parser's value (written as the general writer does)
          const a = argAt(s, i);
          this.pos = a.end;
          this.parsed[count] = a.value;
          v = !json
            ? ''
            : a.value.k === 'none'
              ? 'null'
              : jsonValueText(kind !== undefined ? asKind(a.value, kind) : a.value);
        }
        if (json) {
          const prefix =
            count < n ? (info.prefixes[count] as string) : `{"name":"arg${count}","raw":null,"value":`;
          out += `${count === 0 ? '' : ','}${prefix}${v}}`;
        }
        this.starts[count] = i;
        count++;
        i = this.pos;
        if (s.charCodeAt(i) === 0x2c && s.charCodeAt(i + 1) === 0x20) {
          i += 2;
          // a separator before ` <unfinished ...>`: not a plain call
          if (i >= s.length || s.charCodeAt(i) === 0x3c || s.startsWith(' <', i)) return false;
          continue;
        }
        break;
      }
    this.pos = i;
    this.count = count;
    this.argsEnd = i;
    if (json) {
      for (let k = count; k < n; k++) out += `${k === 0 ? '' : ','}${info.prefixes[k]}null}`;
      this.args = out;
    }
    return true;
  }

  /** A top-level argument ending at `, ` or `)`, the kind applied to a bare word; undefined for other shapes. */
  private topValue(s: string, i: number, kind: string | undefined): string | undefined {
    const v = isWordChar(s.charCodeAt(i)) ? this.word(s, i, kind) : this.value(s, i);
    if (v === undefined) return undefined;
    const c = s.charCodeAt(this.pos);
    return c === 0x29 || (c === 0x2c && s.charCodeAt(this.pos + 1) === 0x20) ? v : undefined;
  }

  /** A bare word, unless a comment follows (then the kind does not apply: value()). */
  private word(s: string, i: number, kind: string | undefined): string | undefined {
    let end = i;
    while (isWordChar(s.charCodeAt(end))) end++;
    const c = s.charCodeAt(end);
    // a call-shaped value, an fd's <path>, `name=`: the general parser's
    if (c === 0x28 || c === 0x3c || c === 0x3d) return undefined;
    if (c === 0x20 && s.charCodeAt(end + 1) !== 0x3c) return this.value(s, i);
    this.pos = end;
    return this.json ? wordText(s.slice(i, end), kind) : '';
  }

  /** One value with an optional trailing ` /* comment *\/` (no kind applies); undefined for other shapes. */
  private value(s: string, i: number): string | undefined {
    let v = this.primary(s, i);
    if (v === undefined) return undefined;
    let p = this.pos;
    if (s.charCodeAt(p) === 0x20 && s.startsWith(' /* ', p)) {
      const end = s.indexOf(' */', p + 4);
      if (end < 0) return undefined;
      if (this.json) v = `{"value":${v},"comment":${JSON.stringify(s.slice(p + 4, end))}}`;
      p = end + 3;
      this.pos = p;
    }
    if (s.charCodeAt(p) === 0x20 && (s.startsWith(' /* ', p) || s.startsWith(' => ', p))) return undefined;
    return v;
  }

  private primary(s: string, i: number): string | undefined {
    const c = s.charCodeAt(i);
    if (c === 0x22) return this.string(s, i);
    if (c === 0x7b) return this.struct(s, i);
    if (c === 0x5b) return this.array(s, i);
    let end = i;
    while (isWordChar(s.charCodeAt(end))) end++;
    if (end === i) return undefined;
    const next = s.charCodeAt(end);
    if (next === 0x28 || next === 0x3c) return undefined;
    this.pos = end;
    return this.json ? wordText(s.slice(i, end), undefined) : '';
  }

  /** A string of printable ASCII without escapes (its text is its bytes and its JSON); undefined otherwise. */
  private string(s: string, i: number): string | undefined {
    let end = i + 1;
    for (; end < s.length; end++) {
      const c = s.charCodeAt(end);
      if (c === 0x22) break;
      if (c < 0x20 || c > 0x7e || c === 0x5c) return undefined;
    }
    if (end >= s.length) return undefined;
    let next = end + 1;
    const more = s.charCodeAt(next) === 0x2e && s.startsWith('...', next);
    if (more) next += 3;
    this.pos = next;
    return this.json ? `{"str":${s.slice(i, end + 1)},"truncated":${more}}` : '';
  }

  /** `{name=value, ...}` with every member named once by a plain identifier. */
  private struct(s: string, i: number): string | undefined {
    const json = this.json;
    let p = i + 1;
    let out = '{"struct":{';
    let more = false;
    let fields = 0;
    const seen: string[] = [];
    if (s.charCodeAt(p) !== 0x7d)
      for (;;) {
        if (s.charCodeAt(p) === 0x2e && s.startsWith('...', p) && s.charCodeAt(p + 3) === 0x7d) {
          more = true;
          p += 3;
          break;
        }
        const from = p;
        if (!isNameStart(s.charCodeAt(p))) return undefined;
        while (isIdent(s.charCodeAt(p))) p++;
        if (s.charCodeAt(p) !== 0x3d || s.charCodeAt(p + 1) === 0x3e) return undefined;
        if (json) {
          // the JSON object's keys: each once, not __proto__, not too many
          const name = s.slice(from, p);
          if (name === '__proto__' || seen.length >= MAX_FIELDS || seen.includes(name)) return undefined;
          seen.push(name);
        }
        const v = this.value(s, p + 1);
        if (v === undefined) return undefined;
        if (json) out += `${fields === 0 ? '' : ','}"${s.slice(from, p)}":${v}`;
        fields++;
        p = this.pos;
        if (s.charCodeAt(p) === 0x7d) break;
        if (s.charCodeAt(p) !== 0x2c || s.charCodeAt(p + 1) !== 0x20) return undefined;
        p += 2;
      }
    this.pos = p + 1;
    if (!json) return '';
    return more ? `${out}},"abbreviated":true}` : `${out}}}`;
  }

  /** `[value, ...]`. */
  private array(s: string, i: number): string | undefined {
    const json = this.json;
    let p = i + 1;
    let out = '{"array":[';
    let more = false;
    if (s.charCodeAt(p) !== 0x5d)
      for (let k = 0; ; k++) {
        if (s.charCodeAt(p) === 0x2e && s.startsWith('...', p) && s.charCodeAt(p + 3) === 0x5d) {
          more = true;
          p += 3;
          break;
        }
        const v = this.value(s, p);
        if (v === undefined) return undefined;
        if (json) out += k === 0 ? v : `,${v}`;
        p = this.pos;
        if (s.charCodeAt(p) === 0x5d) break;
        if (s.charCodeAt(p) !== 0x2c || s.charCodeAt(p + 1) !== 0x20) return undefined;
        p += 2;
      }
    this.pos = p + 1;
    if (!json) return '';
    return more ? `${out}],"truncated":true}` : `${out}]}`;
  }
}

/** A bare word's JSON text, as wordValue, asKind and jsonValueText write it (the usual two without a Value). */
function wordText(w: string, kind: string | undefined): string {
  const c = w.charCodeAt(0);
  if (isNameStart(c)) {
    if (w !== 'NULL') return `{"sym":"${w}"}`;
  } else if (c === 0x30 && w.charCodeAt(1) === 0x78 && w.length > 2 && w.charCodeAt(2) !== 0x30) {
    // 0x7f12ab: a hex number written as vat writes it (lower case, no leading zero), an address where the
    // signature says so
    let hex = true;
    for (let k = 2; k < w.length && hex; k++) {
      const h = w.charCodeAt(k);
      hex = isDigit(h) || (h >= 0x61 && h <= 0x66);
    }
    if (hex) return kind === 'ptr' ? `{"ptr":"${w}"}` : `{"hex":"${w}"}`;
  } else if (isDigit(c) && w.length < 16 && (c !== 0x30 || w.length === 1)) {
    let digits = true;
    for (let k = 1; k < w.length && digits; k++) digits = isDigit(w.charCodeAt(k));
    if (digits) return kind === 'fd' || kind === 'dirfd' ? `{"fd":${w}}` : w;
  }
  const v = wordValue(w);
  return jsonValueText(kind !== undefined ? asKind(v, kind) : v);
}
