// Kernel names (paths behind fds, cwd links) are bytes, not UTF-8. They travel through vat as strings whose bytes
// that are not valid UTF-8 are kept as lone surrogates U+DC80..U+DCFF (Python's surrogateescape), so quoting can
// print strace's `\200\377` for them instead of the replacement character, and valid names stay plain strings.

const fatal = new TextDecoder('utf-8', { fatal: true });

/** Length of the valid UTF-8 sequence at `i` (1..4), or 0 when the bytes there are not one. */
function sequenceAt(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => ((b[i + k] ?? 0) & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  const c1 = b[i + 1] ?? 0;
  if (c >= 0xe0 && c <= 0xef) {
    // no overlongs (E0 80..9F) and no surrogates (ED A0..BF)
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The bytes as a string: UTF-8 where valid, each other byte as U+DC80..U+DCFF. */
export function bytesText(bytes: Uint8Array): string {
  try {
    return fatal.decode(bytes);
  } catch {
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const n = sequenceAt(bytes, i);
      if (n === 0) {
        out += String.fromCharCode(0xdc00 + (bytes[i] as number));
        i++;
      } else {
        out += Buffer.from(bytes.subarray(i, i + n)).toString('utf8');
        i += n;
      }
    }
    return out;
  }
}

/** The bytes a string from bytesText stands for (its inverse; other strings are encoded as UTF-8). */
export function textBytes(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let run = '';
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const lone = u >= 0xdc80 && u <= 0xdcff && !(i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800);
    if (!lone) {
      run += text[i];
      continue;
    }
    parts.push(Buffer.from(run, 'utf8'), Buffer.of(u - 0xdc00));
    run = '';
  }
  parts.push(Buffer.from(run, 'utf8'));
  return Buffer.concat(parts);
}
