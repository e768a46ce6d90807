// strace's syscall set grammar (`-e trace=open,%file,/^stat,!close,?nosuch,all,none,1,open@64`) into names.
import { UsageError } from '../errors.js';
import { TRACE_CLASSES } from '../tables/classes.js';
import { isKnownNumber, listSyscalls, syscallByName, syscallByNumber } from '../tables/syscalls.js';
import { didYouMean } from '../util/suggest.js';
import { stringToUint } from './number-set.js';

/**
 * Every name a set can hold: x86_64's, then the names only i386 has (fstat64, _llseek, mmap2...), which select a
 * 32-bit program's calls as strace's do.
 */
const allNames = (): string[] => [
  ...new Set([...listSyscalls('x86_64'), ...listSyscalls('i386')].map((s) => s.name)),
];

/** strace's personality designators on x86_64; vat traces the first, the others are checked and selected. */
const PERSONALITIES = ['64', '32', 'x32'] as const;
type Personality = (typeof PERSONALITIES)[number];
/** The table a personality's names and numbers are checked against (x32 numbers are x86_64's). */
const TABLE = { '64': 'x86_64', '32': 'i386', x32: 'x86_64' } as const;

/**
 * The selected syscall names (x86_64's and i386's), or undefined when every syscall is selected. strace's
 * qualify_syscall_tokens: leading `!`s invert, `all`/`none` stand alone, empty tokens are skipped but a set
 * needs one; each token may start with `?` (no error when nothing matches) and end in `@64`/`@32`/`@x32`.
 */
export function parseTraceSet(spec: string): Set<string> | undefined {
  let text = spec;
  let negate = false;
  while (text.startsWith('!')) {
    negate = !negate;
    text = text.slice(1);
  }
  const names = allNames();
  let selected = new Set<string>();
  if (text === 'all') selected = new Set(names);
  else if (text !== 'none') {
    let tokens = 0;
    for (const token of text.split(',')) {
      if (token === '') continue;
      tokens++;
      qualifyToken(token, names, selected);
    }
    if (tokens === 0) throw new UsageError(`invalid system call '${spec}'`);
  }
  if (!negate) return selected.size === names.length ? undefined : selected;
  return new Set(names.filter((n) => !selected.has(n)));
}

/** Adds one token's x86_64 names to `selected`; throws strace's error when it names nothing. */
function qualifyToken(token: string, names: string[], selected: Set<string>): void {
  let item = token;
  let optional = false;
  while (item.startsWith('?')) {
    optional = true;
    item = item.slice(1);
  }
  let personality: Personality | undefined;
  const at = item.indexOf('@');
  if (at >= 0) {
    const designator = item.slice(at + 1);
    if (!(PERSONALITIES as readonly string[]).includes(designator))
      throw new UsageError(`incorrect personality designator '${designator}' in qualification '${item}'`);
    personality = designator as Personality;
    item = item.slice(0, at);
  }
  const found = matches(item, personality, names);
  // only the native personality's calls are traced; the others' are valid but select nothing here
  if (personality === undefined || personality === '64') for (const n of found.x86_64) selected.add(n);
  if (found.valid || optional) return;
  const hint = /^[a-z_]\w*$/.test(item) && personality === undefined ? didYouMean(item, names) : '';
  throw new UsageError(`invalid system call '${token}'${hint}`);
}

/** What one token (without `?` and `@`) names: x86_64 names to select, and whether it named anything at all. */
function matches(
  item: string,
  personality: Personality | undefined,
  names: string[],
): { x86_64: string[]; valid: boolean } {
  const tables = personality === undefined ? (['x86_64', 'i386'] as const) : [TABLE[personality]];
  if (/^\d/.test(item)) {
    const nr = stringToUint(item);
    const name = nr >= 0 ? syscallByNumber('x86_64', nr)?.name : undefined;
    const x86_64 = name === undefined ? [] : [name];
    return { x86_64, valid: nr >= 0 && tables.some((t) => isKnownNumber(t, nr)) };
  }
  if (item.startsWith('/')) {
    const re = compile(item.slice(1));
    const x86_64 = names.filter((n) => re.test(n));
    return { x86_64, valid: tables.some((t) => listSyscalls(t).some((s) => re.test(s.name))) };
  }
  if (item === 'all') return { x86_64: names, valid: true };
  const cls = item.startsWith('%') ? item : `%${item}`;
  if (item.startsWith('%') || (cls in TRACE_CLASSES && !names.includes(item))) {
    const list = TRACE_CLASSES[cls as keyof typeof TRACE_CLASSES] as readonly string[] | undefined;
    return { x86_64: list ? [...list] : [], valid: list !== undefined };
  }
  const x86_64 = names.includes(item) ? [item] : [];
  return { x86_64, valid: tables.some((t) => syscallByName(t, item) !== undefined) };
}

/** A `/regex` token; strace's POSIX regcomp error becomes `regcomp: PATTERN: REASON`. */
function compile(pattern: string): RegExp {
  try {
    // the u flag rejects what POSIX extended syntax rejects and plain JS accepts (`{id`, lone brackets)
    new RegExp(pattern, 'u');
    return new RegExp(pattern);
  } catch (err) {
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/u?: /s, '');
    throw new UsageError(`regcomp: ${pattern}: ${reason}`);
  }
}
