// errno lookups over the generated table; the first name listed for a number is the one strace prints.
import { ERRNOS } from './generated/errno.js';

export interface ErrnoInfo {
  readonly name: string;
  readonly value: number;
  readonly message: string;
  /** Other names for the same number (EWOULDBLOCK for EAGAIN). */
  readonly aliases: readonly string[];
}

/** strace's wording for the kernel-internal restart codes, which glibc has no message for. */
const INTERNAL_MESSAGES: Readonly<Record<string, string>> = {
  ERESTARTSYS: 'To be restarted if SA_RESTART is set',
  ERESTARTNOINTR: 'To be restarted',
  ERESTARTNOHAND: 'To be restarted if no handler',
  ERESTART_RESTARTBLOCK: 'Interrupted by signal',
};

const byValue = new Map<number, ErrnoInfo>();
const byName = new Map<string, ErrnoInfo>();
for (const e of ERRNOS) {
  const existing = byValue.get(e.value);
  if (existing) {
    (existing.aliases as string[]).push(e.name);
    byName.set(e.name, existing);
    continue;
  }
  const info = {
    name: e.name,
    value: e.value,
    message: e.message || INTERNAL_MESSAGES[e.name] || e.kernel,
    aliases: [],
  };
  byValue.set(e.value, info);
  byName.set(e.name, info);
}

export const listErrnos = (): ErrnoInfo[] => [...byValue.values()];
export const errnoByValue = (value: number): ErrnoInfo | undefined => byValue.get(value);
export const errnoByName = (name: string): ErrnoInfo | undefined => byName.get(name.toUpperCase());
export const errnoNames = (): IterableIterator<string> => byName.keys();
