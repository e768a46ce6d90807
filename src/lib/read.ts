// readTrace(): a recorded trace — vat JSON Lines or an strace log — as the same events trace() yields.

import { readJsonl } from '../import/jsonl-read.js';
import { openInputs, straceEvents } from '../import/pipeline.js';
import { eventsOfRecord } from '../import/records.js';
import { EventAdapter } from './adapt.js';
import { asTraceError } from './errors.js';
import type { VatEvent } from './events.js';

/** Calls `onEvent` for each event of the trace file, in order; resolves when the file is read. */
export async function forEachEvent(path: string, onEvent: (e: VatEvent) => void): Promise<void> {
  const adapter = new EventAdapter();
  const out: VatEvent[] = [];
  const flush = (): void => {
    for (const e of out.splice(0)) onEvent(e);
  };
  try {
    const inputs = await openInputs('readTrace', [path]);
    try {
      if (inputs.kind === 'strace')
        await straceEvents(inputs, { command: 'readTrace' }, (e) => {
          adapter.add(e, out);
          flush();
        });
      else if (inputs.kind === 'jsonl' && inputs.sources[0])
        await readJsonl(inputs.sources[0], { command: 'readTrace' }, (r) => {
          adapter.joiner.setPid(r.tid, r.pid);
          for (const e of eventsOfRecord(r)) adapter.add(e, out);
          flush();
        });
    } finally {
      for (const s of inputs.sources) s.close();
    }
    adapter.finish(out);
    flush();
  } catch (err) {
    throw asTraceError(err);
  }
}

/** Every event of a trace file (JSONL or strace log). For large traces prefer forEachEvent. */
export async function readTrace(path: string): Promise<VatEvent[]> {
  const all: VatEvent[] = [];
  await forEachEvent(path, (e) => all.push(e));
  return all;
}
