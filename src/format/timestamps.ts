// strace's time columns: -t/-tt/-ttt/--timestamps before each line, -r (time since the previous line), and -T
// (time spent in the call, after the result). Parsing follows strace 6.1's parse_ts_arg and str2timescale.

/** -t/--timestamps: `HH:MM:SS` (local time, as strftime %T) or seconds since the epoch, and fraction digits. */
export interface AbsoluteTime {
  readonly unix: boolean;
  /** Digits after the point: 0 (s), 3 (ms), 6 (us), 9 (ns). */
  readonly digits: number;
}

export interface TimeOptions {
  readonly absolute?: AbsoluteTime;
  /** -r/--relative-timestamps: fraction digits (default 6). */
  readonly relative?: number;
  /** -T/--syscall-times: fraction digits (default 6). */
  readonly syscall?: number;
}

const UNITS: ReadonlyMap<string, number> = new Map([
  ['s', 0],
  ['ms', 3],
  ['us', 6],
  ['ns', 9],
]);

/** strace's str2timescale: `s`, `ms`, `us` or `ns` (any case) into fraction digits; undefined otherwise. */
export const precisionDigits = (s: string): number | undefined => UNITS.get(s.toLowerCase());

/** The state -t/--timestamps build up: strace keeps the format and precision of earlier arguments. */
export interface AbsoluteState {
  readonly format: 'none' | 'time' | 'unix';
  readonly digits: number;
}

export const NO_TIMESTAMPS: AbsoluteState = { format: 'none', digits: 0 };

/**
 * strace's parse_ts_arg: comma-separated `[format:]none|time|unix` and `[precision:]s|ms|us|ns`, applied on
 * top of `prev`; a precision alone turns time stamps on. Undefined when the argument is invalid.
 */
export function parseTimestamps(arg: string, prev: AbsoluteState): AbsoluteState | undefined {
  let format: AbsoluteState['format'] | undefined;
  let digits: number | undefined;
  for (const raw of arg.split(',')) {
    if (raw === '') continue;
    let token = raw;
    let canFormat = true;
    let canScale = true;
    if (token.toLowerCase().startsWith('format:')) {
      token = token.slice('format:'.length);
      canScale = false;
    } else if (token.toLowerCase().startsWith('precision:')) {
      token = token.slice('precision:'.length);
      canFormat = false;
    }
    const word = token.toLowerCase();
    if (canFormat && (word === 'none' || word === 'time' || word === 'unix')) {
      format = word;
      continue;
    }
    const d = canScale ? precisionDigits(token) : undefined;
    if (d === undefined) return undefined;
    digits = d;
  }
  return {
    format: format ?? (prev.format === 'none' ? 'time' : prev.format),
    digits: digits ?? prev.digits,
  };
}

/** The -t/-tt/-ttt spellings as strace expands them. */
export const SHORT_TIMESTAMPS = [
  'format:time',
  'precision:us,format:time',
  'format:unix,precision:us',
] as const;

const BILLION = 1_000_000_000n;

/** `.123456` for `digits` digits of the nanoseconds (truncated, as strace divides), or '' for none. */
function fraction(nanos: bigint, digits: number): string {
  if (digits === 0) return '';
  return `.${String(nanos / 10n ** BigInt(9 - digits)).padStart(digits, '0')}`;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Formats the time columns for one output; caches the clock text of the last second seen. */
export class TimeColumns {
  private lastSecond = -1n;
  private lastClock = '';
  /** Start of the previous line (-r); undefined before the first. */
  private previous: bigint | undefined;

  constructor(private readonly o: TimeOptions) {}

  get active(): boolean {
    return this.o.absolute !== undefined || this.o.relative !== undefined;
  }

  /** The text strace puts after the pid prefix of a line starting at `ts` (ns since the epoch). */
  prefix(ts: bigint): string {
    let out = '';
    const abs = this.o.absolute;
    if (abs) out += `${this.clock(ts / BILLION, abs.unix)}${fraction(ts % BILLION, abs.digits)} `;
    if (this.o.relative !== undefined) {
      const delta = this.previous === undefined || ts < this.previous ? 0n : ts - this.previous;
      this.previous = ts;
      const text = `${String(delta / BILLION).padStart(6)}${fraction(delta % BILLION, this.o.relative)}`;
      out += abs ? `(+${text}) ` : `${text} `;
    }
    return out;
  }

  /** -T: ` <0.000123>` for a call that took `duration` ns; '' without -T. */
  duration(duration: bigint | undefined): string {
    if (this.o.syscall === undefined) return '';
    const d = duration !== undefined && duration > 0n ? duration : 0n;
    return ` <${d / BILLION}${fraction(d % BILLION, this.o.syscall)}>`;
  }

  private clock(second: bigint, unix: boolean): string {
    if (unix) return String(second);
    if (second !== this.lastSecond) {
      const d = new Date(Number(second) * 1000);
      this.lastSecond = second;
      this.lastClock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    }
    return this.lastClock;
  }
}
