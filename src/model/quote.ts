// strace's string quoting: C escapes, octal for other non-printables (-x: hex; -xx: hex for every byte).

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

/** Quotes bytes as strace does: `"abc\n"`, with `...` after the quote when the string was cut. */
export function quoteBytes(bytes: Uint8Array, more: boolean, xflag: 0 | 1 | 2): string {
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
export function quoteForX(bytes: Uint8Array, more: boolean, xflag: 0 | 1 | 2): string {
  if (xflag !== 1) return quoteBytes(bytes, more, xflag);
  const allPrintable = bytes.every((b) => (b >= 0x20 && b < 0x7f) || ESCAPES[b] !== undefined);
  return quoteBytes(bytes, more, allPrintable ? 0 : 2);
}
