// strace's `-e inject=SET:...` and `-e fault=SET:...` grammar (6.1) into plain rules, plus vat's own conditions
// (`path=GLOB`, `fd=N`, `prob=PERCENT`). Errors and warnings in strace's words.
import { UsageError } from '../errors.js';
import { TRACE_CLASSES } from '../tables/classes.js';
import { errnoByName } from '../tables/errnos.js';
import { NSIG, signalByName } from '../tables/signals.js';
import { parseStraceTime } from '../util/strace-time.js';
import { parseTraceSet } from './trace-set.js';

/** Bytes written over the memory an argument points to (`poke_enter=@arg2=7a7a`). */
export interface Poke {
  /** 0-based argument index (strace's @arg1 is 0). */
  readonly arg: number;
  readonly bytes: readonly number[];
}

/** One `-e inject=` / `-e fault=` expression; plain data, it crosses into the tracer worker. */
export interface InjectRule {
  /** Syscall names the rule applies to (the same grammar as -e trace=); undefined: every syscall. */
  readonly names?: readonly string[];
  /** errno to return (1..4095), or a value to return (as unsigned 64-bit), never both. */
  readonly error?: number;
  readonly retval?: bigint;
  readonly signal?: number;
  /** Run this syscall (a "pure" one) instead of an invalid number. */
  readonly syscall?: string;
  /** Delays in microseconds. */
  readonly delayEnter?: number;
  readonly delayExit?: number;
  readonly pokeEnter?: readonly Poke[];
  readonly pokeExit?: readonly Poke[];
  /** Invocation numbers counted per syscall per thread: first, last (65535 for no end), step. */
  readonly first: number;
  readonly last: number;
  readonly step: number;
  /** vat: only calls whose path argument matches this glob (as a regular expression source). */
  readonly pathGlob?: string;
  /** vat: only calls whose fd argument is this number. */
  readonly fd?: number;
  /** vat: inject with this probability (0..100 %) among the invocations `when` selects. */
  readonly prob?: number;
}

/** strace's INJECT_LAST_INF: `last` when no end was given. */
export const WHEN_NO_END = 65535;
const MAX_ERRNO = 4095;
const U64 = (1n << 64n) - 1n;

export interface ParsedInject {
  readonly rule: InjectRule;
  readonly warnings: readonly string[];
}

/** `first[..last][+[step]]`: first and step 1..65535, last 1..65534, decimal only. */
function parseWhen(text: string): { first: number; last: number; step: number } | undefined {
  const m = /^(\d+)(?:\.\.(\d+))?(?:(\+)(\d+)?)?$/.exec(text);
  if (!m) return undefined;
  const first = Number(m[1]);
  if (first < 1 || first > 65535) return undefined;
  let last = m[2] !== undefined ? Number(m[2]) : m[3] ? WHEN_NO_END : first;
  if (m[2] !== undefined && (last < first || last > 65534)) return undefined;
  const step = m[4] !== undefined ? Number(m[4]) : 1;
  if (step < 1 || step > 65535) return undefined;
  if (m[2] === undefined && !m[3]) last = first;
  return { first, last, step };
}

/** strace's time format (parse_ts), in microseconds. */
function parseDelay(text: string): number | undefined {
  const ns = parseStraceTime(text);
  return ns === undefined ? undefined : Number(ns) / 1000;
}

function parseErrno(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= MAX_ERRNO ? n : undefined;
  }
  return errnoByName(text)?.value;
}

function parseRetval(text: string): bigint | undefined {
  const t = text.trimStart();
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(t);
  if (!m?.[2]) return undefined;
  const digits = m[2];
  const v = /^0[xX]/.test(digits)
    ? BigInt(digits)
    : digits.length > 1 && digits.startsWith('0')
      ? BigInt(`0o${digits.slice(1)}`)
      : BigInt(digits);
  if (m[1] === '-') return v > 1n << 63n ? undefined : BigInt.asUintN(64, -v);
  return v > U64 ? undefined : v;
}

function parseSignal(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= NSIG ? n : undefined;
  }
  return signalByName(text)?.value;
}

/** strace's limit on one poke: 1024 bytes (2048 hex digits). */
const POKE_MAX_HEX = 2048;

/** `@argN=HEX,@argM=HEX`: N 1..7 (each once), an even number of hex digits, at most 1024 bytes. */
function parsePokes(text: string): Poke[] | undefined {
  if (text === '') return undefined;
  const pokes: Poke[] = [];
  // strtok, as strace: empty items between commas vanish (`@arg1=00,,@arg2=00`, even `,` alone)
  for (const item of text.split(',').filter((i) => i !== '')) {
    const m = /^@arg([1-7])=([0-9a-fA-F]{2})+$/.exec(item);
    if (!m) return undefined;
    const hex = item.slice(item.indexOf('=') + 1);
    if (hex.length > POKE_MAX_HEX || pokes.some((p) => p.arg === Number(m[1]) - 1)) return undefined;
    const bytes: number[] = [];
    for (let i = 0; i < hex.length; i += 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
    pokes.push({ arg: Number(m[1]) - 1, bytes });
  }
  return pokes;
}

/** A shell glob (`*` and `?` within one path component, `**` across, `[...]`) as a regular expression source. */
export function globSource(glob: string): string {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return `${out}$`;
}

type Mode = 'inject' | 'fault';
const STRACE_KEYS = {
  inject: [
    'when',
    'error',
    'retval',
    'signal',
    'syscall',
    'delay_enter',
    'delay_exit',
    'poke_enter',
    'poke_exit',
  ],
  fault: ['when', 'error'],
} as const;
const VAT_KEYS = ['path', 'fd', 'prob'];

/** One `inject=` or `fault=` value (what follows the `=`). */
export function parseInject(mode: Mode, spec: string): ParsedInject {
  const invalid = (): UsageError => new UsageError(`invalid ${mode} argument '${spec}'`);
  // strtok: empty tokens between colons vanish
  const [setText, ...tokens] = spec.split(':').filter((t, i) => i === 0 || t !== '');
  if (setText === undefined || setText === '') throw new UsageError(`invalid system call '${setText ?? ''}'`);
  const rule: {
    -readonly [K in keyof InjectRule]: InjectRule[K];
  } = { first: 1, last: WHEN_NO_END, step: 1 };
  const seen = new Set<string>();
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const key = eq < 0 ? token : token.slice(0, eq);
    const value = eq < 0 ? undefined : token.slice(eq + 1);
    const known = (STRACE_KEYS[mode] as readonly string[]).includes(key) || VAT_KEYS.includes(key);
    if (!known || value === undefined) throw invalid();
    // only `when` may repeat (the last one counts)
    if (key !== 'when' && seen.has(key === 'retval' ? 'error' : key)) throw invalid();
    seen.add(key === 'retval' ? 'error' : key);
    switch (key) {
      case 'when': {
        const w = parseWhen(value);
        if (!w) throw invalid();
        Object.assign(rule, w);
        break;
      }
      case 'error':
        rule.error = parseErrno(value);
        if (rule.error === undefined) throw invalid();
        break;
      case 'retval':
        rule.retval = parseRetval(value);
        if (rule.retval === undefined) throw invalid();
        break;
      case 'signal':
        rule.signal = parseSignal(value);
        if (rule.signal === undefined) throw invalid();
        break;
      case 'syscall':
        if (!(TRACE_CLASSES['%pure'] as readonly string[]).includes(value)) throw invalid();
        rule.syscall = value;
        break;
      case 'delay_enter':
      case 'delay_exit': {
        const d = parseDelay(value);
        if (d === undefined) throw invalid();
        if (key === 'delay_enter') rule.delayEnter = d;
        else rule.delayExit = d;
        break;
      }
      case 'poke_enter':
      case 'poke_exit': {
        const p = parsePokes(value);
        if (!p) throw invalid();
        if (key === 'poke_enter') rule.pokeEnter = p;
        else rule.pokeExit = p;
        break;
      }
      case 'path':
        if (value === '') throw invalid();
        rule.pathGlob = globSource(value);
        break;
      case 'fd':
        if (!/^\d+$/.test(value)) throw invalid();
        rule.fd = Number(value);
        break;
      case 'prob': {
        const p = /^\d+(\.\d*)?%?$/.test(value) ? Number.parseFloat(value) : Number.NaN;
        if (!(p >= 0 && p <= 100)) throw invalid();
        rule.prob = p;
        break;
      }
    }
  }
  if (mode === 'fault' && rule.error === undefined) rule.error = errnoByName('ENOSYS')?.value ?? 38;
  const acts =
    rule.error !== undefined ||
    rule.retval !== undefined ||
    rule.signal !== undefined ||
    rule.delayEnter !== undefined ||
    rule.delayExit !== undefined ||
    rule.pokeEnter !== undefined ||
    rule.pokeExit !== undefined;
  // syscall= alone is no action; beside signal= or a delay it is accepted and unused, as strace (it only
  // replaces a call whose result is injected)
  if (!acts) throw invalid();
  const names = parseTraceSet(setText);
  if (names) rule.names = [...names];
  return { rule, warnings: retvalWarnings(rule.retval) };
}

/** strace's warnings for a return value the caller could take for an error, here or in a 32-bit process. */
function retvalWarnings(rv: bigint | undefined): string[] {
  if (rv === undefined) return [];
  if (rv >= U64 - BigInt(MAX_ERRNO) + 1n)
    return [`Inadvertent injection of error ${U64 - rv + 1n} is possible for retval=${rv}`];
  const low = BigInt.asUintN(32, rv);
  if (low >= (1n << 32n) - BigInt(MAX_ERRNO))
    return [
      `Inadvertent injection of error ${(1n << 32n) - low} is possible in compat personality for retval=${rv}`,
    ];
  if (low !== rv) return [`Injected return value ${rv} will be clipped to ${low} in compat personality`];
  return [];
}
