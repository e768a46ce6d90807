// strace's quoted-string text back into bytes: C escapes, octal (`\177`), hex (`\x7f`), printable ASCII as is.

const SIMPLE: Readonly<Record<string, number>> = {
  n: 10,
  t: 9,
  r: 13,
  v: 11,
  f: 12,
  '"': 34,
  '\\': 92,
  a: 7,
  b: 8,
  e: 27,
};

const isOct = (c: number): boolean => c >= 0x30 && c <= 0x37;
const hexDigit = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 87 : c >= 0x41 && c <= 0x46 ? c - 55 : -1;

/**
 * Bytes of the string body `s[from, to)` (between the quotes), or undefined when an escape is not strace's.
 * Characters above 0x7f (strace escapes them, but hand-edited logs may not) are taken as UTF-8.
 */
export function unescapeStrace(s: string, from: number, to: number): Uint8Array | undefined {
  const out = Buffer.allocUnsafe((to - from) * 4);
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 92) {
      if (c < 0x80) out[n++] = c;
      else n += out.write(s[i] as string, n);
      continue;
    }
    i++;
    if (i >= to) return undefined;
    const e = s.charCodeAt(i);
    if (isOct(e)) {
      let v = e - 0x30;
      let digits = 1;
      while (digits < 3 && i + 1 < to && isOct(s.charCodeAt(i + 1))) {
        v = v * 8 + s.charCodeAt(++i) - 0x30;
        digits++;
      }
      if (v > 255) return undefined;
      out[n++] = v;
    } else if (e === 0x78) {
      const h1 = hexDigit(s.charCodeAt(i + 1));
      const h2 = hexDigit(s.charCodeAt(i + 2));
      if (h1 < 0 || h2 < 0 || i + 2 >= to) return undefined;
      out[n++] = h1 * 16 + h2;
      i += 2;
    } else {
      const v = SIMPLE[s[i] as string];
      if (v === undefined) return undefined;
      out[n++] = v;
    }
  }
  return out.subarray(0, n);
}
