// Signal lookups: names as strace prints them, including the real-time range (SIGRTMIN, SIGRT_1 ...).
import { SIGNALS } from './generated/signals.js';

export interface SignalInfo {
  readonly name: string;
  readonly value: number;
  readonly message: string;
  readonly aliases: readonly string[];
}

const numbers = new Map(SIGNALS.map((s) => [s.name, s.value]));
const RTMIN = numbers.get('SIGRTMIN') ?? 32;
const RTMAX = numbers.get('_NSIG') ?? 64;

const byValue = new Map<number, SignalInfo>();
for (const s of SIGNALS) {
  if (!s.name.startsWith('SIG') || s.name === 'SIGRTMIN' || s.name === 'SIGRTMAX') continue;
  const existing = byValue.get(s.value);
  if (existing) (existing.aliases as string[]).push(s.name);
  else byValue.set(s.value, { name: s.name, value: s.value, message: s.message, aliases: [] });
}
for (let v = RTMIN; v <= RTMAX; v++) {
  const name = v === RTMIN ? 'SIGRTMIN' : `SIGRT_${v - RTMIN}`;
  byValue.set(v, { name, value: v, message: `Real-time signal ${v - RTMIN}`, aliases: [] });
}
const byName = new Map<string, SignalInfo>();
for (const info of byValue.values()) for (const n of [info.name, ...info.aliases]) byName.set(n, info);

export const NSIG = RTMAX;
export const listSignals = (): SignalInfo[] => [...byValue.values()];
export const signalByValue = (v: number): SignalInfo | undefined => byValue.get(v);
/** Accepts `SIGTERM`, `TERM` or `term`. */
export const signalByName = (name: string): SignalInfo | undefined => {
  const upper = name.toUpperCase();
  return byName.get(upper.startsWith('SIG') ? upper : `SIG${upper}`);
};
/** strace's text for a signal number: SIGTERM, SIGRT_3, or the bare number when out of range. */
export const signalName = (v: number): string => byValue.get(v)?.name ?? String(v);
export const signalNames = (): IterableIterator<string> => byName.keys();
