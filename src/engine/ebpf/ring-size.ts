// The ring's size for a trace, known before the eBPF engine's code is loaded: its creation (50-100 ms of kernel
// time for 256 MiB) starts on another thread as soon as the engine is chosen.
import type { TraceOutputs } from '../../sink/outputs.js';
import { procKernelFile } from '../../sys/procfs.js';
import type { TraceConfig } from '../engine.js';
import { PendingMap } from './loader.js';

/**
 * Default ring: 256 MiB (~2.5 M records while the reader catches up; 64 MiB lost up to 7 % of a 1 M-call storm
 * on a loaded machine), less when memory is short: at most an eighth of the available memory, at least 16 MiB.
 */
export function defaultRingSize(): number {
  const max = 256 << 20;
  let available = Number.POSITIVE_INFINITY;
  const m = /^MemAvailable:\s+(\d+) kB$/m.exec(procKernelFile('meminfo') ?? '');
  if (m?.[1]) available = Number(m[1]) * 1024;
  let size = max;
  while (size > 16 << 20 && size > available / 8) size /= 2;
  return size;
}

/** The ring under -c (counted in the kernel): fork, exec and exit records only. */
const SUMMARY_RING = 1 << 20;

/** Only a summary is asked for (no text, no JSON): it can be counted in the kernel. */
export const summaryOnly = (spec: TraceOutputs): boolean =>
  spec.summary !== undefined && spec.text === undefined && spec.json === undefined;

export const ringSize = (config: TraceConfig, inKernelSummary: boolean): number =>
  config.ringSize ?? (inKernelSummary ? SUMMARY_RING : defaultRingSize());

/** The ring for a trace of `config` into `spec` (no sink), its creation begun. */
export const startRing = (config: TraceConfig, spec: TraceOutputs): PendingMap =>
  new PendingMap('vat_ring', 'RINGBUF', 0, 0, ringSize(config, summaryOnly(spec)));
