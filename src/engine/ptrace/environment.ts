// -E: the launched command's environment, edited as strace edits its own before the exec (putenv/unsetenv).
import type { EnvEdit } from '../engine.js';

/** VAR=VAL replaces VAR where it stands or is appended; VAR alone removes every VAR=... entry. */
export function editEnvironment(env: readonly string[], edits: readonly EnvEdit[]): string[] {
  const out = [...env];
  for (const { set, value } of edits) {
    const prefix = `${set}=`;
    if (value === undefined) {
      for (let i = out.length - 1; i >= 0; i--) if (out[i]?.startsWith(prefix)) out.splice(i, 1);
      continue;
    }
    const at = out.findIndex((e) => e.startsWith(prefix));
    if (at >= 0) out[at] = `${prefix}${value}`;
    else out.push(`${prefix}${value}`);
  }
  return out;
}
