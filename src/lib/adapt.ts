// Engine and importer events (entry/exit halves) into the library's events: whole calls, execs, signals, exits.
import { CallJoiner } from '../model/call.js';
import type { TraceEvent } from '../model/events.js';
import { execOf, signalName, syscallEvent, type VatEvent } from './events.js';

export class EventAdapter {
  readonly joiner = new CallJoiner();

  add(e: TraceEvent, out: VatEvent[]): void {
    for (const call of this.joiner.add(e)) {
      out.push(syscallEvent(call));
      const exec = execOf(call);
      if (exec) out.push(exec);
    }
    const pid = this.joiner.pidOf(e.pid);
    if (e.type === 'signal')
      out.push({
        type: 'signal',
        pid,
        tid: e.pid,
        ts: e.ts,
        signo: e.signo,
        signal: signalName(e.signo),
        stopped: e.stopped === true,
      });
    else if (e.type === 'exited')
      out.push({
        type: 'exit',
        pid,
        tid: e.pid,
        ts: e.ts,
        ...(e.signo !== undefined
          ? { signal: signalName(e.signo), core: e.core === true }
          : { status: e.code ?? 0 }),
      });
  }

  finish(out: VatEvent[]): void {
    for (const call of this.joiner.finish()) out.push(syscallEvent(call));
  }
}
