// -k's lines after a call, as strace prints them: ` > module(symbol+0xoff) [0xaddr]`, ` > module() [0xaddr]`
// when the file names no function there, ` > error [0xaddr]` where the walk broke off.
import type { StackFrame } from '../model/events.js';
import { quoteName } from '../model/quote.js';

/** Paths and symbol names come from the tracee's files: escaped losslessly (`\` doubled), as everywhere. */
const safe = quoteName;

const hex = (n: number): string => `0x${n.toString(16)}`;

export function frameText(f: StackFrame): string {
  if (f.module === undefined)
    return f.address === 0 ? ` > ${f.error}\n` : ` > ${f.error} [${hex(f.address)}]\n`;
  const where = f.symbol === undefined ? '' : `${safe(f.symbol)}+${hex(f.offset ?? 0)}`;
  return ` > ${safe(f.module)}(${where}) [${hex(f.address)}]\n`;
}

export const stackText = (frames: readonly StackFrame[]): string => frames.map(frameText).join('');
