// strace 6.1's remaining option arguments (-a, -I, -O, -X, -b, -D, -E, --strings-in-hex, --decode-pids, --tips,
// -e kvm=, --secontext) checked and turned into data, with strace's error wording.

import type { EnvEdit } from '../engine/engine.js';
import { UsageError, VatError } from '../errors.js';
import { parseStraceTime } from '../util/strace-time.js';

const invalid = (flag: string, value: string): UsageError =>
  new UsageError(`invalid ${flag} argument: '${value}'`);

/** -a COLUMN: a non-negative integer. */
export function parseAlign(value: string, flag = '-a'): number {
  if (!/^\d+$/.test(value) || Number(value) > 0x7fffffff) throw invalid(flag, value);
  return Number(value);
}

const INTERRUPTIBLE = ['anywhere', 'waiting', 'never', 'never_tstp'] as const;

/** -I 1..4 or its names (anywhere or always, waiting, never, never_tstp). */
export function parseInterruptible(value: string, flag = '-I'): number {
  // strace 6.1 also takes `always` for level 1
  const byName = INTERRUPTIBLE.indexOf(
    (value === 'always' ? 'anywhere' : value) as (typeof INTERRUPTIBLE)[number],
  );
  if (byName >= 0) return byName + 1;
  if (!/^[1-4]$/.test(value)) throw invalid(flag, value);
  return Number(value);
}

/** -O OVERHEAD[UNIT]: a time as strace's parse_ts reads it (us by default), as nanoseconds. */
export function parseOverhead(value: string, flag = '-O'): bigint {
  const ns = parseStraceTime(value);
  if (ns === undefined) throw invalid(flag, value);
  return ns;
}

export type ConstStyle = 'raw' | 'abbrev' | 'verbose';

/** -X raw|abbrev|verbose. */
export function parseConstStyle(value: string, flag = '-X'): ConstStyle {
  if (value === 'raw' || value === 'abbrev' || value === 'verbose') return value;
  throw invalid(flag, value);
}

/** --strings-in-hex[=none|non-ascii-chars|non-ascii|all] as vat's xflag (3: per-character hex escapes). */
export function parseStringsInHex(value: string | undefined): 0 | 1 | 2 | 3 {
  const levels: Readonly<Record<string, 0 | 1 | 2 | 3>> = {
    none: 0,
    'non-ascii-chars': 3,
    'non-ascii': 1,
    all: 2,
  };
  if (value === undefined) return 2;
  const level = Object.hasOwn(levels, value) ? levels[value] : undefined;
  if (level === undefined) throw invalid('--strings-in-hex', value);
  return level;
}

/** --decode-pids=comm,pidns (a set, as strace's qualifier). */
export function parseDecodePids(value: string): { comm: boolean; pidns: boolean } {
  const out = { comm: false, pidns: false };
  for (const word of value.split(',')) {
    if (word === 'comm') out.comm = true;
    else if (word === 'pidns') out.pidns = true;
    else if (word === 'all') {
      out.comm = true;
      out.pidns = true;
    } else if (word !== 'none') throw new UsageError(`invalid decode-pids '${word}'`);
  }
  return out;
}

/** -b SYSCALL: only execve is supported, as in strace. */
export function parseDetachOn(value: string): 'execve' {
  if (value !== 'execve') throw new UsageError(`Syscall '${value}' for -b isn't supported`);
  return value;
}

/** -D's count and the last --daemonize's level, checked together once the command is known (daemonizeLevel). */
export interface DaemonizeAsked {
  readonly count: number;
  readonly long: number;
}

const DAEMONIZE_LEVELS: Readonly<Record<string, number>> = { grandchild: 1, pgroup: 2, pgrp: 2, session: 3 };

/** --daemonize[=grandchild|pgroup|pgrp|session], in any case, as strace reads it: the last one counts. */
export function parseDaemonize(count: number, values: readonly (string | undefined)[]): DaemonizeAsked {
  let long = 0;
  for (const v of values) {
    long = v === undefined ? 1 : (DAEMONIZE_LEVELS[v.toLowerCase()] ?? 0);
    if (long === 0) throw invalid('--daemonize', v ?? '');
  }
  return { count, long };
}

/** The -D level (0: none) after strace's checks, in its order: not both spellings, a command, at most 3. */
export function daemonizeLevel(asked: DaemonizeAsked, hasCommand: boolean): number {
  if (asked.long > 0 && asked.count > 0)
    throw new VatError('-D and --daemonize cannot be provided simultaneously', 'EUSAGE', 1);
  const level = asked.long || asked.count;
  if (level > 0 && !hasCommand) throw new UsageError('PROG [ARGS] must be specified with -D/--daemonize');
  if (level > 3) throw new UsageError(`Too many -D's (${level}), maximum supported -D count is 3`);
  return level;
}

/** -E VAR=VAL / -E VAR, in order. */
export function parseEnvEdits(values: readonly string[]): EnvEdit[] {
  return values.map((v) => {
    const eq = v.indexOf('=');
    return eq < 0 ? { set: v } : { set: v.slice(0, eq), value: v.slice(eq + 1) };
  });
}

/** -e kvm=vcpu: the only value strace knows. */
export function parseKvm(value: string): 'vcpu' {
  if (value !== 'vcpu') throw new UsageError(`invalid -e kvm= argument: '${value}'`);
  return value;
}

/**
 * --secontext[=FORMAT] / -e secontext=FORMAT: strace's set of words (`!` inverts it, `all`, `none`); a bare
 * --secontext is `!full,mismatch` (the type alone, no mismatch check). Undefined: an empty set, nothing printed.
 */
export function parseSecontext(value: string | undefined): { full: boolean; mismatch: boolean } | undefined {
  const spec = value ?? '!full,mismatch';
  const invert = spec.startsWith('!');
  const set = new Set<string>();
  for (const word of (invert ? spec.slice(1) : spec).split(',').filter(Boolean)) {
    if (!['full', 'mismatch', 'all', 'none'].includes(word))
      throw new UsageError(`invalid secontext '${word}'`);
    if (word === 'all') set.add('full').add('mismatch');
    else if (word === 'none') set.clear();
    else set.add(word);
  }
  const has = (w: string): boolean => set.has(w) !== invert;
  // an inverted set is never empty (it holds every value strace does not name)
  if (!invert && set.size === 0) return undefined;
  return { full: has('full'), mismatch: has('mismatch') };
}
