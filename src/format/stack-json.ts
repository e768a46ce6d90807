// -k frames in JSON: `{module, symbol, offset, address}` (address in hex as strace shows it; symbol and offset
// only when the file names a function there); a frame where the walk broke off is `{error, address}`.
import type { StackFrame } from '../model/events.js';
import type { JsonValue } from './json-value.js';

const hex = (n: number): string => `0x${n.toString(16)}`;

export function stackJson(frames: readonly StackFrame[]): JsonValue {
  return frames.map((f): JsonValue => {
    if (f.module === undefined)
      return f.address === 0 ? { error: f.error ?? '' } : { error: f.error ?? '', address: hex(f.address) };
    return {
      module: f.module,
      ...(f.symbol !== undefined ? { symbol: f.symbol, offset: f.offset ?? 0 } : {}),
      address: hex(f.address),
    };
  });
}

/** A JSON frame back as strace's text without the ` > ` (Perfetto shows the stack as a slice argument list). */
export function stackRecordText(frames: unknown): string[] | undefined {
  if (!Array.isArray(frames)) return undefined;
  return frames.map((f: Record<string, unknown>) => {
    const address = typeof f.address === 'string' ? ` [${f.address}]` : '';
    if (typeof f.module !== 'string') return `${String(f.error ?? '')}${address}`;
    const where = typeof f.symbol === 'string' ? `${f.symbol}+0x${Number(f.offset ?? 0).toString(16)}` : '';
    return `${f.module}(${where})${address}`;
  });
}
