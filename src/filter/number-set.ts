// strace's number sets and their grammar (qualify_tokens): `a,b,c`, leading `!`s invert, `all`, `none`.
import { UsageError } from '../errors.js';

/** A set of small numbers; `not` inverts it (`all` is an inverted empty set). Plain data: crosses to workers. */
export interface NumberSet {
  readonly not: boolean;
  readonly items: readonly number[];
}

export const inSet = (set: NumberSet, n: number): boolean => set.items.includes(n) !== set.not;

/** Every member is in (strace's is_complete_set over 0..size-1). */
export function isComplete(set: NumberSet, size: number): boolean {
  for (let i = 0; i < size; i++) if (!inSet(set, i)) return false;
  return true;
}

/**
 * Parses `SET` as strace's qualify_tokens does: each leading `!` inverts; `none` and `all` stand alone; else
 * comma-separated tokens (empty ones skipped), each turned into a number by `toNumber` (negative: invalid).
 * Errors are strace's: `invalid NAME 'TOKEN'`, or the whole string when it holds no token.
 */
export function qualifyTokens(str: string, name: string, toNumber: (token: string) => number): NumberSet {
  let s = str;
  let not = false;
  while (s.startsWith('!')) {
    not = !not;
    s = s.slice(1);
  }
  if (s === 'none') return { not, items: [] };
  if (s === 'all') return { not: !not, items: [] };
  const items: number[] = [];
  for (const token of s.split(',')) {
    if (token === '') continue;
    const n = toNumber(token);
    if (n < 0) throw new UsageError(`invalid ${name} '${token}'`);
    if (!items.includes(n)) items.push(n);
  }
  if (items.length === 0) throw new UsageError(`invalid ${name} '${str}'`);
  return { not, items };
}

/** strace's string_to_uint_upto: a decimal number without sign or trailing text, at most `max`; else -1. */
export function stringToUint(s: string, max = 0x7fffffff): number {
  if (!/^\s*[+-]?\d+$/.test(s)) return -1;
  const n = Number(s.trim());
  return n < 0 || n > max ? -1 : n + 0;
}
