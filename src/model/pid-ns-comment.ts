// --decode-pids=pidns's comment after a pid seen from another namespace, shared by the decoders and the formatter.

/** What an id names (a process or thread, a process group, a session): sys/pidns.ts translates by it. */
export type { PidKind } from '../sys/pidns.js';

/**
 * The comment after a pid seen from another namespace, in strace's exact words (`/* 5678 in strace's PID NS *\/`):
 * it is part of strace's text format, which tools and strace's own tests read, whichever program traces.
 */
export const pidNsComment = (outer: number): string => ` /* ${outer} in strace's PID NS */`;
