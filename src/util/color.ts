// Colour for people on a terminal: only on a TTY, never with NO_COLOR (https://no-color.org) or TERM=dumb.
import { randomBytes } from './random-bytes.js';

export interface Palette {
  readonly enabled: boolean;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

// Colour is marked, not written, while a line is built: a per-process random run of private-use characters
// and the SGR number. Writers quote the whole line (tracee text included) and only then turn the marks into
// escape sequences, so a tracee string that carries `\e[8m` is shown quoted while vat's own colour works.
const MARK = String.fromCharCode(...Array.from(randomBytes(6), (b) => 0xe000 + b));
const MARKED = new RegExp(`${MARK}(\\d+);`, 'g');
const wrap =
  (open: number, close: number) =>
  (s: string): string =>
    `${MARK}${open};${s}${MARK}${close};`;
const plain = (s: string): string => s;

export function colorWanted(stream: { isTTY?: boolean } = process.stdout, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function palette(enabled = colorWanted()): Palette {
  if (!enabled)
    return { enabled, bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** Pads by visible width (escape sequences take no columns). */
export function padEndVisible(s: string, width: number): string {
  const visible = s.replace(MARKED, '').length;
  return visible >= width ? s : s + ' '.repeat(width - visible);
}

/** The colour marks of a line turned into escape sequences: call after quoting the line (format/quote.ts). */
export const applyColor = (line: string): string =>
  line.replace(MARKED, (_m, code: string) => `\u001b[${code}m`);
