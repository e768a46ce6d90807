// The -e qualifiers that select output rather than syscalls (strace's filter_qualify.c): status=, signal=,
// quiet=, read=, write=, trace-fds=. Each parses into a NumberSet with strace's words and error messages.
import { signalByValue } from '../tables/signals.js';
import { type NumberSet, qualifyTokens, stringToUint } from './number-set.js';

/** strace's call statuses, in its order (a call's status is its index). */
export const STATUSES = ['successful', 'failed', 'unfinished', 'unavailable', 'detached'] as const;
export type CallStatus = (typeof STATUSES)[number];

/** strace's quiet message classes, in its order, with the spellings -e quiet= accepts for each. */
export const QUIET = {
  attach: ['attach'],
  exit: ['exit', 'exits'],
  'path-resolution': ['path-resolution'],
  personality: ['personality'],
  'thread-execve': ['superseded', 'thread-execve'],
} as const;
export type QuietClass = keyof typeof QUIET;
export const QUIET_CLASSES = Object.keys(QUIET) as QuietClass[];

/** strace's find_arg_val: case-insensitive lookup among words; -1 when unknown. */
const wordIndex = (words: readonly (readonly string[])[], token: string): number =>
  words.findIndex((w) => w.some((x) => x.toLowerCase() === token.toLowerCase()));

export const parseStatusSet = (spec: string): NumberSet =>
  qualifyTokens(spec, 'status', (t) =>
    wordIndex(
      STATUSES.map((s) => [s]),
      t,
    ),
  );

export const parseQuietSet = (spec: string): NumberSet =>
  qualifyTokens(spec, 'quiet', (t) => wordIndex(Object.values(QUIET), t));

/** -e read=, -e write=, -e trace-fds=: file descriptors. */
export const parseFdSet = (spec: string): NumberSet =>
  qualifyTokens(spec, 'descriptor', (t) => stringToUint(t));

/**
 * strace's sigstr_to_uint: a number up to 255, or a signal's name as strace prints it (`SIGTERM`, `SIGRT_3`),
 * with or without `SIG`, in any case. Aliases (`SIGIOT`, `SIGPOLL`) are not names strace knows.
 */
function signalNumber(token: string): number {
  if (/^\d/.test(token)) return stringToUint(token, 255);
  const bare = (/^sig/i.test(token) ? token.slice(3) : token).toUpperCase();
  for (let i = 1; i <= 255; i++) {
    const name = signalByValue(i)?.name;
    if (name?.startsWith('SIG') && name.slice(3) === bare) return i;
  }
  return -1;
}

export const parseSignalSet = (spec: string): NumberSet => qualifyTokens(spec, 'signal', signalNumber);

/** The quiet classes in a set, by name. */
export const quietClasses = (set: NumberSet): QuietClass[] =>
  QUIET_CLASSES.filter((_, i) => set.items.includes(i) !== set.not);

/** The statuses in a set, by name. */
export const statusNames = (set: NumberSet): CallStatus[] =>
  STATUSES.filter((_, i) => set.items.includes(i) !== set.not);
