// `vat stuck PID`: what each thread is doing right now, from /proc (no stop: stuck/snapshot.ts), then a short
// sampled trace (stuck/sampler.ts) to tell waiting (blocked in one call) from spinning (the same calls over and
// over, or CPU without calls): stuck/verdicts.ts.
import { sampleThreads } from './stuck/sampler.js';
import { snapshot } from './stuck/snapshot.js';
import type { StuckReport } from './stuck/types.js';
import { sampleVerdicts } from './stuck/verdicts.js';

export type { StuckReport } from './stuck/types.js';

/** Snapshot, then attach for `forMs`, detach, and read the sample. */
export async function analyzeStuck(pid: number, forMs: number | null): Promise<StuckReport> {
  const snap = snapshot(pid);
  if (forMs === null || forMs <= 0) return snap;
  const sampled = await sampleThreads(
    pid,
    snap.threads.map((t) => t.tid),
    forMs,
  );
  if ('refused' in sampled)
    return { ...snap, verdicts: [...snap.verdicts, `not sampled: ${sampled.refused}`] };
  for (const t of snap.threads) {
    const sample = sampled.samples.get(t.tid);
    if (sample !== undefined) t.sample = sample;
  }
  const verdicts = sampleVerdicts(snap.threads, sampled.elapsedMs, pid, sampled.end);
  return {
    ...snap,
    sampledMs: sampled.elapsedMs,
    ...(sampled.end === undefined ? {} : { exited: sampled.end }),
    verdicts,
  };
}
