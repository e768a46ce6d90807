// An argument list as strace prints it: values joined by ", ", skipping arguments that print nothing.
import type { Value } from '../model/value.js';
import { type TextOptions, valueText } from '../model/value-text.js';

export function argsText(args: readonly Value[], o: TextOptions): string {
  let out = '';
  for (const a of args) {
    if (a.k === 'none') continue;
    out += out === '' ? valueText(a, o) : `, ${valueText(a, o)}`;
  }
  return out;
}
