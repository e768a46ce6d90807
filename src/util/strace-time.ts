// strace's time arguments (-O, inject's delay_enter/delay_exit): parse_ts in strace 6.1's util.c, as data.
const NS: Readonly<Record<string, bigint>> = { s: 1_000_000_000n, ms: 1_000_000n, us: 1000n, ns: 1n };
const LLONG_MAX = (1n << 63n) - 1n;

/**
 * A decimal number (a fraction and an exponent allowed, as strtod reads them: `4.5e2ms`, `+8e8ns`, `.16E7`)
 * or an integer, then s, ms, us or ns (us when none); in nanoseconds, or undefined when strace refuses it.
 */
export function parseStraceTime(text: string): bigint | undefined {
  const floatLen = /^[eE.\-+0-9]*/.exec(text)?.[0].length ?? 0;
  const intLen = /^[+0-9]*/.exec(text)?.[0].length ?? 0;
  if (floatLen > intLen) {
    const m = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(text);
    const v = Number(m?.[0]);
    const scale = m ? unit(text.slice(m[0].length)) : undefined;
    if (!m || scale === undefined || !Number.isFinite(v) || v < 0) return undefined;
    // as strace: whole seconds first, then the nanoseconds left, each truncated
    const perSecond = Number(1_000_000_000n / scale);
    const sec = Math.trunc(v / perSecond);
    const nsec = BigInt(Math.trunc((v - sec * perSecond) * Number(scale))) % 1_000_000_000n;
    return BigInt(sec) * 1_000_000_000n + nsec;
  }
  const m = /^\+?\d+/.exec(text);
  const scale = m ? unit(text.slice(m[0].length)) : undefined;
  if (!m || scale === undefined) return undefined;
  const v = BigInt(m[0].replace('+', ''));
  return v > LLONG_MAX ? undefined : v * scale;
}

const unit = (suffix: string): bigint | undefined => (suffix === '' ? NS.us : NS[suffix]);
