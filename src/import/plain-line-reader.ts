// The first steps of both plain-line paths (vat import's record writer, the analyses' LineCall): the line
// scanned, its thread known with no call of it open (the state the general path would find), the importer's
// held event let go, the line's time read and the log's style noted. Undefined: the line goes the general way,
// nothing read or changed.
import { fracNanos, type PlainLineScanner } from './plain-line.js';
import type { FileClock, StraceEvents } from './strace-log.js';

export function takePlainLine(
  l: PlainLineScanner,
  importer: StraceEvents,
  callOpen: (tid: number) => boolean,
  s: string,
  clock: FileClock,
  filePid: number | undefined,
): { readonly tid: number; readonly ts: bigint } | undefined {
  if (!l.scan(s)) return undefined;
  const tid = importer.plainCallTid(l.pid, filePid);
  if (tid === undefined) return undefined;
  importer.flushHeld();
  if (callOpen(tid)) return undefined;
  const ts = l.seconds < 0 ? 0n : clock.ofClock(l.unix, l.seconds, fracNanos(s, l.fracFrom, l.fracTo));
  importer.seeDirect(
    l.style,
    l.seconds < 0 ? undefined : { unix: l.unix, digits: l.fracTo - l.fracFrom },
    l.dur === undefined ? undefined : l.durDigits,
  );
  return { tid, ts };
}
