// Text written as UTF-8 bytes straight into one reused buffer: pre-encoded pieces, ASCII, and numbers as decimal
// or hex digits without a string per number. The live --json path writes its records with it: a record built as
// ~20 concatenated strings cost more in string adds and flattening than everything else the record needed.

/** A 64-bit word's high half from which it is no longer exact as a number (2^53). */
const EXACT_HI = 2 ** 21;
const TWO32 = 2 ** 32;
const BILLION = 1_000_000_000;
const BILLION_N = 1_000_000_000n;
/** Hex digits' character codes. */
const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Copied by a loop below these lengths, natively above: a byte costs a loop a few ns; set() costs tens of ns, and a
 * view of part of a buffer (for a range) as much again.
 */
const SHORT_RAW = 12;
const SHORT_RANGE = 40;

/** The UTF-8 bytes of `text`, for pieces written often (a record's keys). */
export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

export class ByteWriter {
  buf: Buffer;
  /** Bytes written: the next one goes here. */
  at = 0;
  /** stamp(): the bigint its digits are relative to (a whole second) and that second's digits. */
  private stampBase = -1n;
  private stampHead = '';

  constructor(size = 4096) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.at + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const grown = Buffer.allocUnsafe(Math.max(this.at + n, 2 * this.buf.length));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }

  /** Bytes already encoded (a pre-encoded key). */
  raw(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    if (n < SHORT_RAW) {
      const buf = this.buf;
      let at = this.at;
      for (let i = 0; i < n; i++) buf[at++] = b[i] as number;
    } else this.buf.set(b, this.at);
    this.at += n;
  }

  /** Bytes `from` to `to` of `b`. */
  range(b: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.room(n);
    if (n < SHORT_RANGE) {
      const buf = this.buf;
      let at = this.at;
      for (let i = from; i < to; i++) buf[at++] = b[i] as number;
    } else this.buf.set(new Uint8Array(b.buffer, b.byteOffset + from, n), this.at);
    this.at += n;
  }

  /** One byte (an ASCII character's code). */
  byte(c: number): void {
    this.room(1);
    this.buf[this.at++] = c;
  }

  /** `text` as UTF-8: character by character while it is ASCII (a lone surrogate becomes U+FFFD, as Buffer's). */
  text(text: string): void {
    const n = text.length;
    this.room(n);
    const buf = this.buf;
    const start = this.at;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.room(3 * n);
        this.at = start + this.buf.write(text, start, 'utf8');
        return;
      }
      buf[start + i] = c;
    }
    this.at = start + n;
  }

  /** A non-negative integer below 2^53 as decimal digits. */
  uint(n: number): void {
    if (n < 0x80000000) this.small(n);
    else {
      // above 2^31 a number is a double: its remainders would go through fmod, so two int halves instead
      const high = Math.floor(n / BILLION);
      this.small(high);
      this.nine(n - high * BILLION);
    }
  }

  /** An integer of magnitude below 2^53 as decimal digits. */
  int(n: number): void {
    if (n < 0) {
      this.byte(45);
      this.uint(-n);
    } else this.uint(n);
  }

  /** A small integer (0 ≤ n < 2^31) as decimal digits. */
  private small(n: number): void {
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    this.room(digits);
    const buf = this.buf;
    let at = this.at + digits;
    this.at = at;
    let v = n;
    do {
      const q = (v / 10) | 0;
      buf[--at] = 48 + v - q * 10;
      v = q;
    } while (v > 0);
  }

  /** 0 ≤ n < 10^9 as exactly nine digits, leading zeros kept. */
  private nine(n: number): void {
    this.room(9);
    const buf = this.buf;
    let at = this.at + 9;
    this.at = at;
    let v = n;
    for (let i = 0; i < 9; i++) {
      const q = (v / 10) | 0;
      buf[--at] = 48 + v - q * 10;
      v = q;
    }
  }

  /** A 64-bit word from its unsigned 32-bit halves, as an unsigned decimal. */
  u64(high: number, low: number): void {
    if (high < EXACT_HI) this.uint(high * TWO32 + low);
    else this.text(String((BigInt(high) << 32n) | BigInt(low)));
  }

  /** A 64-bit word from its halves (`high` as a signed 32-bit int), as a signed decimal. */
  s64(high: number, low: number): void {
    if (high < EXACT_HI && high >= -EXACT_HI) this.int(high * TWO32 + low);
    else this.text(String((BigInt(high) << 32n) | BigInt(low)));
  }

  /** A 64-bit word's hex digits from its unsigned halves, as BigInt's toString(16): no leading zeros, `0` for 0. */
  hex(high: number, low: number): void {
    if (high === 0) this.hex32(low, false);
    else {
      this.hex32(high, false);
      this.hex32(low, true);
    }
  }

  /** A 32-bit word's hex digits; all eight when `padded`, else without leading zeros. */
  private hex32(w: number, padded: boolean): void {
    const digits = padded || w >= 0x10000000 ? 8 : 8 - (Math.clz32(w | 1) >> 2);
    this.room(digits);
    const buf = this.buf;
    let at = this.at;
    for (let s = (digits - 1) * 4; s >= 0; s -= 4) buf[at++] = HEX[(w >>> s) & 15] as number;
    this.at = at;
  }

  /**
   * A bigint stamp's decimal digits (nanoseconds since the epoch, past 2^53): the digits of its whole second are
   * kept while stamps stay in that second, so a record pays one subtraction, not a bigint-to-text conversion.
   */
  stamp(ts: bigint): void {
    let d = Number(ts - this.stampBase);
    if (!(d >= 0 && d < BILLION)) {
      if (ts < 0n) {
        this.text(String(ts));
        return;
      }
      const second = ts / BILLION_N;
      this.stampBase = second * BILLION_N;
      this.stampHead = second === 0n ? '' : String(second);
      d = Number(ts - this.stampBase);
    }
    if (this.stampHead === '') this.uint(d);
    else {
      this.text(this.stampHead);
      this.nine(d);
    }
  }
}
