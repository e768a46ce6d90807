// strace's string quoting: C escapes, octal for other non-printables (-x: hex; -xx: hex for every byte;
// --strings-in-hex=non-ascii-chars: hex instead of octal).

import { textBytes } from '../util/os-bytes.js';

const ESCAPES: Readonly<Record<number, string>> = {
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};
const HEX = '0123456789abcdef';

/** Longest run turned into text in one String.fromCharCode call (its arguments go on the stack). */
export const PLAIN_MAX = 8192;

/** Whether a byte prints as itself, quoted by strace and in JSON alike: printable ASCII but `"` and `\`. */
export const printsAsItself = (b: number): boolean => b >= 0x20 && b < 0x7f && b !== 34 && b !== 92;

/** Whether every byte prints as itself, as most paths and names do. */
function plain(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (!printsAsItself(bytes[i] as number)) return false;
  return true;
}

/** The bytes as text when every one prints as itself (quoteBytes' common case, unquoted); undefined otherwise. */
export const plainText = (bytes: Uint8Array): string | undefined =>
  bytes.length <= PLAIN_MAX && plain(bytes)
    ? String.fromCharCode.apply(null, bytes as unknown as number[])
    : undefined;

/** Quotes bytes as strace does: `"abc\n"`, with `...` after the quote when the string was cut. */
export function quoteBytes(bytes: Uint8Array, more: boolean, flag: 0 | 1 | 2 | 3): string {
  // the common case in one call, not a string grown byte by byte (~3x faster on paths)
  if (flag !== 2 && bytes.length <= PLAIN_MAX && plain(bytes))
    return `"${String.fromCharCode.apply(null, bytes as unknown as number[])}"${more ? '...' : ''}`;
  // --strings-in-hex=non-ascii-chars (3): each non-printable byte in hex, the rest as it is
  const xflag = flag === 3 ? 1 : flag;
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (xflag === 2) {
      out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
      continue;
    }
    const esc = ESCAPES[b];
    if (esc !== undefined) out += esc;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (xflag === 1) out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
    else {
      // shortest octal unless the next byte is an octal digit, which would join the escape
      const next = bytes[i + 1];
      const full = next !== undefined && next >= 0x30 && next <= 0x37;
      out += `\\${full ? b.toString(8).padStart(3, '0') : b.toString(8)}`;
    }
  }
  return `${out}"${more ? '...' : ''}`;
}

/** strace switches a whole buffer to hex escapes when -x is set and any byte is non-printable (as `-x` does). */
export function quoteForX(bytes: Uint8Array, more: boolean, xflag: 0 | 1 | 2 | 3): string {
  if (xflag !== 1) return quoteBytes(bytes, more, xflag);
  const allPrintable = bytes.every((b) => (b >= 0x20 && b < 0x7f) || ESCAPES[b] !== undefined);
  return quoteBytes(bytes, more, allPrintable ? 0 : 2);
}

/**
 * Characters a terminal would act on rather than print: controls, format and bidi marks, separators. Made at the
 * first text that is not printable ASCII: V8 builds a \p{} class from ICU's tables when the literal is created
 * (~3 M instructions for the two, 1.2 % of a trace's start-up, at the module's initialisation).
 */
let notPrintableAll: RegExp | undefined;
/** Printable ASCII only: none of it is in the classes above, so such text needs no Unicode lookup. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const isOctDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '7';

function escapeOne(ch: string, next: string | undefined): string {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 0x80) {
    const esc = ESCAPES[c];
    if (esc !== undefined && c !== 34 && c !== 92) return esc;
    // strace's octal (`\33`), three digits when an octal digit follows and would join the escape
    const oct = c.toString(8);
    return `\\${isOctDigit(next) ? oct.padStart(3, '0') : oct}`;
  }
  // other non-printables (C1 controls such as U+009B CSI, bidi overrides, lone surrogates): their bytes
  let out = '';
  for (const b of Buffer.from(ch, 'utf8')) out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
  return out;
}

/**
 * Text for people, safe to print: every character a terminal would interpret (ESC, CR, LF, other controls,
 * C1 codes, bidi and format marks, lone surrogates) becomes strace's escape (`\r`, `\n`, `\33`) or `\xNN`
 * bytes, so a tracee-chosen path or name can neither move the cursor, erase lines, nor start a new line.
 * Applied to each whole line vat writes for people (messages, reports): vat's own text has none of these
 * characters, and backslashes are kept as they are because such lines may carry already-quoted strace text
 * (lines that carry only raw text, such as alerts, use quoteName, which is lossless).
 */
export function quoteText(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return s;
  notPrintableAll ??= /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
  return s.replace(notPrintableAll, (ch, at: number) => escapeOne(ch, s[at + ch.length]));
}

/**
 * Raw text from the tracee (a path, a symbol name) for people, losslessly: as quoteText, with every `\`
 * doubled first, as strace prints `"a\\b"`, so a name holding the four characters `\33` reads `\\33` and
 * one holding ESC reads `\33`. Applied exactly once, to text with no already-quoted strace output in it.
 */
export function quoteName(s: string): string {
  return quoteText(s.replaceAll('\\', '\\\\'));
}

/**
 * A -y fd path as strace prints it between `<` and `>` (its string_quote with the escape characters `<>`): C
 * escapes, `\\` and `\"`, `<` and `>` in octal (so a tracee-chosen name cannot close the brackets), other
 * non-printable bytes in octal; -x turns the whole path to hex when any byte is outside ASCII, -xx always.
 */
export function quoteFdPath(path: string, xflag: 0 | 1 | 2 | 3 = 0): string {
  if (xflag === 0 && /^[\x20-\x7e]*$/.test(path) && !/["\\<>]/.test(path)) return path;
  const bytes = textBytes(path);
  const hexAll =
    xflag === 2 || (xflag === 1 && bytes.some((b) => b > 0x7e || (b < 0x20 && (b < 9 || b > 13))));
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (hexAll) out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
    else if (ESCAPES[b] !== undefined) out += ESCAPES[b];
    else if (b >= 0x20 && b < 0x7f && b !== 0x3c && b !== 0x3e) out += String.fromCharCode(b);
    else out += byteEscape(bytes, i, xflag === 3 ? 1 : 0);
  }
  return out;
}

/**
 * -Y's command name between `<` and `>` (strace's print_comm_str): quoted as a -y path, since a tracee names
 * itself (`prctl(PR_SET_NAME, "foo\33[2J")`) and its name must neither reach the terminal raw nor close the
 * brackets.
 */
export function quoteComm(comm: string, xflag: 0 | 1 | 2 | 3 = 0): string {
  return quoteFdPath(comm, xflag);
}

/**
 * --secontext: an SELinux context as strace prints it between `[` and `]` (no quotes): C escapes, and `[`, `]`
 * and `!` escaped too (they frame it and mark a mismatch); octal for other bytes, hex under -x.
 */
export function quoteContext(text: string, xflag: 0 | 1 | 2 | 3 = 0): string {
  const bytes = Buffer.from(text, 'latin1');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const framing = b === 0x5b || b === 0x5d || b === 0x21;
    if (ESCAPES[b] !== undefined) out += ESCAPES[b];
    else if (b >= 0x20 && b < 0x7f && !framing) out += String.fromCharCode(b);
    else out += byteEscape(bytes, i, xflag);
  }
  return out;
}

/** A byte with no C escape, as strace prints it: hex under -x, else octal (three digits before a digit). */
function byteEscape(bytes: Uint8Array, i: number, xflag: number): string {
  const b = bytes[i] as number;
  if (xflag !== 0) return `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
  const next = bytes[i + 1];
  const full = next !== undefined && next >= 0x30 && next <= 0x37;
  return `\\${full ? b.toString(8).padStart(3, '0') : b.toString(8)}`;
}
