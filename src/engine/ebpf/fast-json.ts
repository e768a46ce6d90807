// --json on the eBPF engine's record path: a returned call whose arguments the ptrace engine's live JSON path can
// write (engine/ptrace/live-json.ts: numbers, fds, flags, strings, paths, buffers, struct stat, the live structs) is
// written from its ring record as its JSON items, with the decoders' values read from the record's captured memory,
// instead of the general path's Value trees, enter and exit events and syscall line. The items are made when the
// record is read (its memory is there then) and given to the JSON Lines sink as the live path gives them, in two
// halves, when the reorder queue lets the call's entry and then its exit out.
import type { DecodeOptions } from '../../decode/options.js';
import type { CallJsonExit, OpenCallJson } from '../../model/call-json.js';
import { ByteWriter } from '../../util/byte-writer.js';
import { type JsonPlan, LiveJson } from '../ptrace/live-json.js';
import { type LiveRecord, liveForms } from '../ptrace/live-text.js';
import type { Render } from './fast-decoded.js';
import type { PhasedMemory } from './fast-text.js';
import { type FastPlans, planFor } from './fast-text.js';
import { REC } from './layout.js';

/** A call written as its JSON items, waiting in the reorder queue for its entry (then its exit) to go out. */
export interface CallJson {
  readonly type: 'call-json';
  readonly pid: number;
  /** Entry and exit stamps (the events' clock). */
  readonly ts: bigint;
  readonly tsExit: bigint;
  readonly nr: number;
  readonly name: string;
  readonly plan: JsonPlan;
  /** The entry items up to `head`, the exit items up to `args`, then `ret_value` up to `retValue` (-1: failed). */
  readonly bytes: Uint8Array;
  readonly head: number;
  readonly args: number;
  readonly retValue: number;
  readonly retHigh: number;
  readonly retLow: number;
  /** The exit hook's detail of the return (fcntl's `(flags FD_CLOEXEC)`), as the line writes it. */
  readonly retDetail: string | undefined;
  readonly errno: number | undefined;
  /** The exit arguments' raw words (high, low halves), for a line written as a call that never returned. */
  readonly raws: readonly number[];
}

/** Where the halves go: the JSON Lines sink's live-call entry points (sink/jsonl-sink.ts). */
export interface CallJsonSink {
  callEnter(tid: number, ts: bigint, nr: number, name: string): OpenCallJson;
  callExit(c: OpenCallJson, x: CallJsonExit): void;
}

/** The entry half: the sink opens the thread's call and takes its entry items (and what an unfinished line needs). */
export function callJsonEnter(sink: CallJsonSink, c: CallJson): OpenCallJson {
  const open = sink.callEnter(c.pid, c.ts, c.nr, c.name);
  open.w.at = 0;
  open.w.range(c.bytes, 0, c.head);
  open.head = c.head;
  open.opens = c.plan.opens;
  open.first = c.plan.entry.length;
  open.count = c.plan.exit.length;
  for (let k = 0; k < c.raws.length; k++) open.raws[k] = c.raws[k] as number;
  return open;
}

/** The exit half: the exit items and `ret_value` after the entry items, and the line written. */
export function callJsonExit(sink: CallJsonSink, open: OpenCallJson, c: CallJson): void {
  open.w.at = c.head;
  open.w.range(c.bytes, c.head, c.errno === undefined ? c.retValue : c.args);
  sink.callExit(open, {
    ts: c.tsExit,
    args: c.args,
    retValue: c.retValue,
    retHigh: c.retHigh,
    retLow: c.retLow,
    retDetail: c.retDetail,
    errno: c.errno,
  });
}

/** PTRACE_GET_SYSCALL_INFO's entry arguments in 32-bit words (live-json.ts): where jsonEnter reads raw registers. */
const INFO_ARGS_WORD = 8;

/** The record-to-JSON writer of one reader: plans per syscall, the scratch call its items are written into. */
export class RecordJson {
  private readonly json: LiveJson;
  /** The registers as the program passed them (the `raw` of each item), laid out as the ptrace syscall info. */
  private readonly info = new Uint32Array(INFO_ARGS_WORD + 12);
  private readonly scratch: OpenCallJson = {
    from: 0,
    w: new ByteWriter(1024),
    head: 0,
    opens: [],
    first: 0,
    count: 0,
    raws: [],
  };

  /**
   * `mem`: the record's captured memory, loaded by the reader before each call (entry arguments read as entered,
   * exit ones as returned); `text`: the text path's plans (the split, and which calls have fast forms at all).
   */
  constructor(
    o: DecodeOptions,
    private readonly mem: PhasedMemory,
    render: Render,
    text: FastPlans,
  ) {
    // the text forms, as the ptrace engine's LiveText gives LiveJson its plans (a hooked argument's among them)
    const forms = liveForms(o, mem);
    this.json = new LiveJson(o, mem, render, (nr) => {
      const t = text.get(nr);
      if (t === undefined) return undefined;
      // the live forms' plan for the split the live JSON path writes by (the same as the record path's)
      const live = planFor(t.name, o, forms);
      return live && { ...live, narrow: undefined };
    });
  }

  /** The JSON plan of syscall `nr`; undefined: the general path. */
  plan(nr: number): JsonPlan | undefined {
    return this.json.plan(nr);
  }

  /** Whether the call in record view `r` takes this path (a hooked argument's entry hook decides; sets `r.more`). */
  takes(r: LiveRecord, plan: JsonPlan): boolean {
    return this.json.takes(r, plan);
  }

  /**
   * The call in record view `r` (arguments narrowed, its return set; the raw registers at `rawAt` in `raw`) as its
   * items, with its stamps on the events' clock.
   */
  write(
    r: LiveRecord,
    raw: DataView,
    rawAt: number,
    plan: JsonPlan,
    tid: number,
    ts: bigint,
    tsExit: bigint,
  ): CallJson {
    const info = this.info;
    for (let k = 0; k < 12; k++) info[INFO_ARGS_WORD + k] = raw.getUint32(rawAt + REC.args + 4 * k, true);
    const c = this.scratch;
    this.mem.phase = 'entry';
    this.json.jsonEnter(c, r, info, plan);
    this.mem.phase = 'exit';
    const x = this.json.jsonExit(c, r, plan, tsExit);
    const end = x.errno === undefined ? x.retValue : x.args;
    // a copy: the scratch writer is the next call's (a Buffer's slice() would be a view of it)
    const bytes = new Uint8Array(end);
    bytes.set(c.w.buf.subarray(0, end));
    return {
      type: 'call-json',
      pid: tid,
      ts,
      tsExit,
      nr: plan.nr,
      name: plan.name,
      plan,
      bytes,
      head: c.head,
      args: x.args,
      retValue: x.retValue,
      retHigh: x.retHigh,
      retLow: x.retLow,
      retDetail: x.retDetail,
      errno: x.errno,
      raws: c.raws.slice(0, 2 * plan.exit.length),
    };
  }
}
