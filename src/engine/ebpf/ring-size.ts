// The ring's size for a trace, known before the eBPF engine's code is loaded: its creation (50-100 ms of kernel
// time for 256 MiB) starts on another thread as soon as the engine is chosen.
import { memoryHeadroom } from '../../sys/memory-headroom.js';
import type { TraceConfig, TraceOutputs } from '../engine.js';
import { PendingMap } from './loader.js';

/**
 * Default ring size to grow to: 256 MiB (~2.5 M records while the reader catches up; 64 MiB lost up to 7 % of a 1 M-call storm
 * on a loaded machine), less when memory is short: at most an eighth of the memory vat may still take (the
 * system's and its memory cgroups'), at least 16 MiB.
 */
export function defaultRingSize(headroom = memoryHeadroom()): number {
  let size = 256 << 20;
  while (size > 16 << 20 && size > headroom / 8) size /= 2;
  return size;
}

/** The ring under -c (counted in the kernel): fork, exec and exit records only. */
const SUMMARY_RING = 1 << 20;

/** Only a summary is asked for (no text, no JSON): it can be counted in the kernel. */
export const summaryOnly = (spec: TraceOutputs): boolean =>
  spec.summary !== undefined && spec.text === undefined && spec.json === undefined;

/** The size the ring may grow to. */
const ringTarget = (config: TraceConfig, inKernelSummary: boolean, headroom: number): number =>
  config.ringSize ?? (inKernelSummary ? SUMMARY_RING : defaultRingSize(headroom));

/**
 * The ring a trace starts on: small enough to be made in a few ms (64 MiB: ~14 ms, 256 MiB: 50-100 ms); it grows
 * to ringTarget() when the reader falls behind (GrowingRing). --ring-size: that size from the start, never grown.
 */
const FIRST_RING = 64 << 20;

const ringSize = (config: TraceConfig, inKernelSummary: boolean, headroom: number): number =>
  config.ringSize ?? Math.min(ringTarget(config, inKernelSummary, headroom), FIRST_RING);

/** A ring begun before the engine's code loaded, with the kind of run it was sized for. */
export interface EarlyRing {
  readonly ring: PendingMap;
  /** Sized for -c counted in the kernel (a run with a sink is not: it needs the full ring). */
  readonly inKernelSummary: boolean;
  /** What it may grow to (measured with the memory left when it was begun). */
  readonly target: number;
}

/** The ring for a trace of `config` into `spec` (no sink), its creation begun (ringFor). */
export const startRing = (config: TraceConfig, spec: TraceOutputs): EarlyRing =>
  ringFor(config, summaryOnly(spec));

/**
 * The ring for this kind of run, its creation begun, sized and grown against one measure of the memory left: on
 * another thread when there is room for it twice over, else here and now (node's own allocations meanwhile must not
 * be what a cgroup refuses).
 */
export function ringFor(config: TraceConfig, inKernelSummary: boolean): EarlyRing {
  const headroom = memoryHeadroom();
  const size = ringSize(config, inKernelSummary, headroom);
  return {
    ring: new PendingMap('vat_ring', 'RINGBUF', 0, 0, size, 0, headroom >= 2 * size),
    inKernelSummary,
    target: ringTarget(config, inKernelSummary, headroom),
  };
}
