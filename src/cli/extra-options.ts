// The trace options beyond filters and time columns: -a, -X, --strings-in-hex, -E, --argv0, -u, -b, -D, -I, -O,
// -d, --tips, read from the parsed command line into plain data.
import type { EnvEdit } from '../engine/engine.js';
import {
  type ConstStyle,
  type DaemonizeAsked,
  parseAlign,
  parseConstStyle,
  parseDaemonize,
  parseDetachOn,
  parseEnvEdits,
  parseInterruptible,
  parseOverhead,
  parseStringsInHex,
} from './strace-extras.js';
import { parseTips, type TipsSpec } from './tips.js';
import type { ParsedTraceArgs } from './trace-options.js';

export interface ExtraOptions {
  readonly align?: number;
  /** --strings-in-hex / -x, whichever came last. */
  readonly xflag?: 0 | 1 | 2 | 3;
  readonly constStyle?: ConstStyle;
  readonly env: readonly EnvEdit[];
  readonly argv0?: string;
  /** -u's user name (looked up where strace does, after the options are checked). */
  readonly userName?: string;
  readonly detachOnExec: boolean;
  /** -D's count and --daemonize's level (1 grandchild, 2 pgroup, 3 session), checked with the command. */
  readonly daemonize: DaemonizeAsked;
  readonly interruptible?: number;
  readonly overhead?: bigint;
  readonly debug: boolean;
  readonly tips?: TipsSpec;
  /** -x and --strings-in-hex both given: refused, where strace checks it (after -D's checks). */
  readonly hexConflict: boolean;
}

export function extraOptions(parsed: ParsedTraceArgs): ExtraOptions {
  const { counts, values, order } = parsed;
  const last = (name: keyof ParsedTraceArgs['values']): string | undefined => values[name]?.at(-1);
  let xflag: 0 | 1 | 2 | 3 | undefined;
  let hexCount = 0;
  let hexLong = false;
  for (const o of order) {
    if (o.name === 'hex') xflag = Math.min(++hexCount, 2) as 1 | 2;
    else if (o.name === 'stringsInHex') {
      xflag = parseStringsInHex(o.value);
      hexLong = true;
    }
  }
  /** The last use of an option, with the flag as written (strace names it in errors). */
  const lastOf = (name: keyof ParsedTraceArgs['values']): { flag: string; value: string } | undefined => {
    const o = order.findLast((x) => x.name === name && x.value !== undefined);
    return o ? { flag: o.flag, value: o.value as string } : undefined;
  };
  const align = lastOf('align');
  const style = lastOf('constStyle');
  const user = last('user');
  const detach = last('detachOn');
  const interruptible = lastOf('interruptible');
  const overhead = lastOf('overhead');
  const daemonize = parseDaemonize(
    order.filter((o) => o.name === 'daemonize' && o.flag === '-D').length,
    order.filter((o) => o.name === 'daemonize' && o.flag !== '-D').map((o) => o.value),
  );
  for (const o of order) if (o.name === 'interruptible') parseInterruptible(o.value ?? '', o.flag);
  const tips = order.filter((o) => o.name === 'tips');
  const argv0 = last('argv0');
  return {
    ...(align !== undefined ? { align: parseAlign(align.value, align.flag) } : {}),
    ...(xflag !== undefined ? { xflag } : {}),
    ...(style !== undefined ? { constStyle: parseConstStyle(style.value, style.flag) } : {}),
    env: parseEnvEdits(values.env ?? []),
    ...(argv0 !== undefined ? { argv0 } : {}),
    ...(user !== undefined ? { userName: user } : {}),
    detachOnExec: detach !== undefined && parseDetachOn(detach) === 'execve',
    daemonize,
    ...(interruptible !== undefined
      ? { interruptible: parseInterruptible(interruptible.value, interruptible.flag) }
      : {}),
    ...(overhead !== undefined ? { overhead: parseOverhead(overhead.value, overhead.flag) } : {}),
    debug: (counts.debug ?? 0) > 0,
    hexConflict: hexLong && hexCount > 0,
    ...(tips.length > 0 ? { tips: parseTips(tips.map((o) => o.value)) } : {}),
  };
}
