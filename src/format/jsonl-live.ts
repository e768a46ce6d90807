// A live call's JSON line (engine/ptrace/live-json.ts, model/call-json.ts) written as UTF-8 bytes straight into the
// output's buffer: the fields syscallLineOpen() writes (jsonl-record.ts), in its order with its omissions; the
// fixed keys pre-encoded, numbers as digits, the arguments' items copied in one piece; no string per record.

import type { CallJsonExit, OpenCallJson } from '../model/call-json.js';
import { errnoByValue } from '../tables/errnos.js';
import { ByteWriter, utf8 } from '../util/byte-writer.js';
import { jsonText } from './json-writer.js';
import { JSONL_SCHEMA_VERSION } from './jsonl-version.js';

/** A thread's open live call: one per thread, reused by its next call. */
export class OpenLiveCall implements OpenCallJson {
  tid: number;
  ts = 0n;
  nr = 0;
  name = '';
  readonly w = new ByteWriter(512);
  head = 0;
  opens: readonly Uint8Array[] = [];
  first = 0;
  count = 0;
  readonly raws: number[] = [];
  /** Whether it waits for its exit half (false: written, or not used yet). */
  open = false;
  /** The line's start up to `"ts":` for the process it was last written for (-1: none yet). */
  private linePid = -1;
  private lineTid = -1;
  private lineHead: Uint8Array = EMPTY;

  constructor(readonly from: number) {
    this.tid = from;
  }

  /** Opens it for the thread's call entered at `ts`: the engine writes its arguments next. */
  start(tid: number, ts: bigint, nr: number, name: string): void {
    this.tid = tid;
    this.ts = ts;
    this.nr = nr;
    this.name = name;
    this.w.at = 0;
    this.head = 0;
    this.count = 0;
    this.open = true;
  }

  /** `{"v":1,"type":"syscall","pid":P,"tid":T,"ts":`, made again only when the process or thread changed. */
  lineStart(pid: number): Uint8Array {
    if (pid !== this.linePid || this.tid !== this.lineTid) {
      this.lineHead = utf8(`${LINE_OPEN}${pid},"tid":${this.tid},"ts":`);
      this.linePid = pid;
      this.lineTid = this.tid;
    }
    return this.lineHead;
  }

  /** The `args` items of a call that never returned: its exit items with null values. */
  unfinishedArgs(): string {
    const w = this.w;
    w.at = this.head;
    for (let k = 0; k < this.count; k++) {
      w.raw(this.opens[this.first + k] as Uint8Array);
      w.hex(this.raws[2 * k] as number, this.raws[2 * k + 1] as number);
      w.raw(NULL_VALUE);
    }
    return w.buf.toString('utf8', 0, w.at);
  }
}

const EMPTY = new Uint8Array(0);
const LINE_OPEN = `{"v":${JSONL_SCHEMA_VERSION},"type":"syscall","pid":`;
const NULL_VALUE = utf8('","value":null}');
const DUR = utf8(',"dur":');
const RET = utf8('],"ret":');
const RET_VALUE = utf8(',"ret_value":');
const RET_DETAIL = utf8(',"ret_detail":');
const NO_ERRNO = utf8(',"errno":null}\n');
const MAX_EXACT = 2 ** 53;

/** `,"nr":N,"name":"…","args":[` per syscall number, written once (the live path's calls are x86-64's). */
const callParts: (readonly [string, Uint8Array] | undefined)[] = [];
function callPart(nr: number, name: string): Uint8Array {
  const kept = callParts[nr];
  if (kept !== undefined && kept[0] === name) return kept[1];
  const part = utf8(`,"nr":${nr},"name":${jsonText(name)},"args":[`);
  if (nr >= 0 && nr < 1024) callParts[nr] = [name, part];
  return part;
}

/** `,"errno":"ENOENT","error":"No such file or directory"}` and the newline, per errno number, written once. */
const errnoParts: (Uint8Array | undefined)[] = [];
function errnoPart(errno: number): Uint8Array {
  let part = errnoParts[errno];
  if (part === undefined) {
    const info = errnoByValue(errno);
    let text = `,"errno":${info === undefined ? 'null' : jsonText(info.name)}`;
    if (info?.message !== undefined) text += `,"error":${jsonText(info.message)}`;
    part = utf8(`${text}}\n`);
    if (errno >= 0 && errno < 4096) errnoParts[errno] = part;
  }
  return part;
}

/** A live call's whole line and its newline, from its open record `c` and exit half `x`, into `w`. */
export function writeLiveLine(w: ByteWriter, pid: number, c: OpenLiveCall, x: CallJsonExit): void {
  w.raw(c.lineStart(pid));
  w.stamp(c.ts);
  w.raw(DUR);
  const dur = Number(x.ts - c.ts);
  if (dur >= 0 && dur < MAX_EXACT) w.uint(dur);
  else w.text(String(x.ts - c.ts));
  w.raw(callPart(c.nr, c.name));
  const args = c.w.buf;
  w.range(args, 0, x.args);
  w.raw(RET);
  w.s64(x.retHigh, x.retLow);
  if (x.errno !== undefined) {
    w.raw(errnoPart(x.errno));
    return;
  }
  w.raw(RET_VALUE);
  w.range(args, x.args, x.retValue);
  if (x.retDetail) {
    w.raw(RET_DETAIL);
    w.text(jsonText(x.retDetail));
  }
  w.raw(NO_ERRNO);
}
