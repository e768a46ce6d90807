// The eBPF engine: programs on the syscall and scheduler tracepoints record each call of the traced threads
// into a ring buffer; this thread decodes the records with the same decoders and writes the same outputs.
// Nothing ever stops: the tracee runs at full speed and cannot be tampered with.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { VatError } from '../../errors.js';
import type { OpenCallJson } from '../../model/call-json.js';
import type { CallText } from '../../model/call-text.js';
import type { TraceEvent } from '../../model/events.js';
import { allocNative, lastErrno, libc } from '../../sys/libc.js';
import { procExists, procPath, procTasks } from '../../sys/procfs.js';
import { syscallByName, syscallName } from '../../tables/syscalls.js';
import { PROG } from '../../util/prog-name.js';
import { ElfClasses } from '../elf-class.js';
import type { Engine, EventSink, TraceConfig, TraceOutcome, TraceOutputs } from '../engine.js';
import { attachRefusal, isKernelThread, isZombie } from '../ptrace/attach-hint.js';
import {
  errnoText,
  exactLauncher,
  originalEnvironment,
  releaseStandardFds,
  spawnLauncher,
} from '../ptrace/launch.js';
import * as W from '../ptrace/wait-status.js';
import { type CallJson, callJsonEnter, callJsonExit } from './fast-json.js';
import { followsFds } from './fd-shadow.js';
import { IdleWait } from './idle-wait.js';
import { KernelObjects, type KernelOptions } from './kernel-objects.js';
import { REC, REC_FLAG, TRACED } from './layout.js';
import { LookAhead } from './look-ahead.js';
import { lostNotice, Outputs } from './outputs.js';
import { buildPlans, planKey } from './plans.js';
import type { Scope } from './programs.js';
import { LOST } from './programs.js';
import { clockOffset, type Decoded, now, RecordDecoder } from './records.js';
import { Reorder } from './reorder.js';
import { type EarlyRing, ringFor, summaryOnly } from './ring-size.js';

const WUNTRACED = 2;
const WNOHANG = 1;
const SIGCONT = 18;
const SIGKILL = 9;
/** Records read between flushes: what they made (queued events, text) dies young when batches stay small. */
const BATCH = 512;
/**
 * Longest one drain keeps reading (then the loop checks the command and a stop, and signals get their turn): a
 * system-wide ring can fill as fast as it is read, and a drain to the end then never ended.
 */
const DRAIN_BUDGET_NS = 50_000_000n;
/** How often the calls in flight are looked at (each look lets ordered events out). */
const LOOK_NS = 1_000_000n;
/** Stack records (signals) are stamped just before they are written: how late one may still come. */
const MARGIN_NS = 2_000_000n;
/** A call in flight this long is shown as blocked (its entry now, its exit when it returns). */
const BLOCKED_NS = 10_000_000n;
/**
 * Events held for ordering at most (beyond, the oldest go out, out of order if a call's entry is still to come):
 * records come nearly in order (a call's comes at its exit), but a look lets out only what is 2 ms (MARGIN_NS) before
 * it, and four threads in a burst make ~8,000 events in 2 ms (8,192 here let sleep-burst's out by count in half its
 * runs); 32,768 cost threads `--json` 16 MiB of peak and no CPU.
 */
const REORDER_MAX = 1 << 15;
/**
 * Events held from which every call in flight at a look shows its entry early, not only those blocked for
 * BLOCKED_NS: one thread's shorter call (a pthread_join's futex, a 9 ms sleep) held every other thread's events, the
 * queue reached REORDER_MAX and its oldest went out before that call's entry (0-2 lines out of stamp order in a
 * threads run, 6-14 in test/fixtures/sleep-burst.c's). The text is the same: other threads' calls come between its
 * entry and its exit either way.
 */
const PRESSED = REORDER_MAX / 4;
/** The reader this far behind at a look (bytes of records): calls blocked then have their entry state kept. */
const BEHIND_BYTES = 1 << 16;
/** How often the loss counters are read while tracing. */
const LOSS_CHECK_NS = 50_000_000n;

/** A watermark past every stamp: the trace ended, everything is in. */
const END = 1n << 127n;

/** What waits for its turn: events, calls as text or JSON items, and the exit half of a call given in two halves. */
type Queued =
  | Decoded
  | { readonly type: 'call-exit'; readonly ts: bigint; readonly call: CallText }
  | {
      readonly type: 'call-json-exit';
      readonly ts: bigint;
      readonly open: OpenCallJson;
      readonly call: CallJson;
    };

/**
 * The reader's heap is mostly garbage: every record makes objects that die within a batch, yet V8 lets the young
 * generation grow to 32 MiB and the old one to several times its live size (~17 MiB) before collecting, which
 * put the cells at 150-200 MiB. Both growth factors are read by V8 at each resize, so they work set now (not only
 * on node's command line): the young generation stays at its first 1 MiB, the old one grows by half its live
 * size. Measured on git: 147 -> 101 MiB; on a 1 M-call storm 106 -> 78 MiB for ~5 % more CPU.
 * Set once the reader has handled HEAP_BOUND_AFTER records: a short trace never changes the flags, which cost ~8 M
 * instructions of a trace of /bin/true (what Node compiles after a flag change misses its own code cache).
 * release() puts V8's defaults back: the flags are part of the tag V8 stamps on a code cache, and the cache
 * src/cli.ts writes at exit after a run that changed them was rejected by every later run (which compiled the whole
 * script again and wrote another such cache: every default trace as root).
 */
class HeapBound {
  private on = false;

  bound(): void {
    if (this.on) return;
    this.on = true;
    setFlagsFromString('--semi-space-growth-factor=1');
    setFlagsFromString('--heap-growing-percent=50');
  }

  release(): void {
    if (!this.on) return;
    this.on = false;
    setFlagsFromString('--semi-space-growth-factor=2');
    setFlagsFromString('--heap-growing-percent=0');
  }
}

/** Records read before the heap is bounded (HeapBound): a few MiB of garbage at most. */
const HEAP_BOUND_AFTER = 8 * BATCH;

// node:v8 at its first use: loading it costs ~7.7 M instructions (Node's heap-snapshot and stream modules come with
// it), a twentieth of a short trace's start-up, and only a trace past HEAP_BOUND_AFTER records sets a flag
// (scripts/bundle.mjs makes this esbuild's require)
const lazyRequire = createRequire(import.meta.url);
const setFlagsFromString = (flags: string): void =>
  (lazyRequire('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** cgroup v2 id of a directory: its inode number (what bpf_get_current_cgroup_id returns). */
export function cgroupId(path: string): bigint {
  try {
    const st = statSync(path, { bigint: true });
    if (!st.isDirectory()) throw new Error('not a directory');
    return st.ino;
  } catch {
    throw new VatError(`--cgroup: cannot use '${path}': not a cgroup v2 directory`, 'EUSAGE', 2);
  }
}

export class EbpfEngine implements Engine {
  readonly name = 'ebpf';
  private stopRequested = false;
  /** The signal that stopped vat (-I): the launched command is given it, as the ptrace engine gives it. */
  private stopSignal = 0;
  /** -v notes (which programs were loaded, how big). */
  readonly notes: string[] = [];

  /** `early`: the ring whose creation the caller began (startRing) before this engine's code was loaded. */
  constructor(private early?: EarlyRing) {}

  stop(signal = 0): void {
    this.stopSignal = signal;
    this.stopRequested = true;
  }

  /** Kernel objects loaded before run(): under auto, a kernel that refuses them leaves the trace to ptrace. */
  private prepared: { readonly k: KernelObjects; readonly inKernelSummary: boolean } | undefined;

  /** Loads the programs and maps for a run with these outputs (and no sink) now; throws what the kernel refused. */
  async prepare(config: TraceConfig, spec: TraceOutputs): Promise<void> {
    const inKernelSummary = summaryOnly(spec);
    this.prepared = { k: await this.kernelObjects(config, spec, inKernelSummary), inKernelSummary };
  }

  /**
   * The programs, maps and ring for a trace, on the early ring when it was sized for this kind of run (its size is
   * not measured again: the memory left has moved since, and a second guess could throw a good ring away).
   */
  private kernelObjects(
    config: TraceConfig,
    spec: TraceOutputs,
    inKernelSummary: boolean,
  ): Promise<KernelObjects> {
    const early = this.early;
    this.early = undefined;
    const fits = early?.inKernelSummary === inKernelSummary;
    if (early && !fits) early.ring.close();
    const { ring, target } = early && fits ? early : ringFor(config, inKernelSummary);
    return KernelObjects.open(
      {
        ...kernelOptions(config, spec, inKernelSummary, ring.map.maxEntries),
        ringTarget: target,
        ...(config.debug ? { ringNote: (text: string) => process.stderr.write(`${PROG}: ${text}\n`) } : {}),
      },
      ring,
    );
  }

  async run(config: TraceConfig, sink?: EventSink, spec: TraceOutputs = {}): Promise<TraceOutcome> {
    const heap = new HeapBound();
    try {
      return await this.runBounded(config, sink, spec, heap);
    } finally {
      heap.release();
    }
  }

  private async runBounded(
    config: TraceConfig,
    sink: EventSink | undefined,
    spec: TraceOutputs,
    heap: HeapBound,
  ): Promise<TraceOutcome> {
    const outputs = new Outputs(spec);
    const inKernelSummary = outputs.summaryOnly && sink === undefined;
    let batch: TraceEvent[] = [];
    const out = {
      emit(e: TraceEvent): void {
        outputs.add(e, !inKernelSummary);
        if (sink) batch.push(e);
      },
    };
    const flush = (): void => {
      outputs.flush();
      if (sink && batch.length > 0) {
        sink(batch);
        batch = [];
      }
    };
    const scope = scopeOf(config);
    // what prepare() loaded serves this run unless a sink made it one that is not counted in the kernel
    const prepared = this.prepared;
    this.prepared = undefined;
    const fits = prepared?.inKernelSummary === inKernelSummary;
    if (prepared && !fits) prepared.k.close();
    const k = prepared && fits ? prepared.k : await this.kernelObjects(config, spec, inKernelSummary);
    for (const p of k.loaded) this.notes.push(`${p.name}: ${p.insns} instructions`);
    if (k.cached) this.notes.push('programs and plans: from the cache (assembled by an earlier run)');
    // strace text alone: calls whose arguments are numbers, fds and strings go from record to text directly; JSON Lines
    // alone: those the live JSON path writes go from record to their JSON items
    const text = sink === undefined ? outputs.callText : undefined;
    const json = sink === undefined && text === undefined ? outputs.callJson : undefined;
    // records reach the ring at each call's exit: their events wait in `order` until none earlier can come
    const order = new Reorder<Queued>();
    const decoder = new RecordDecoder(
      config,
      {
        emit: (e) => order.push(e),
        execed: (tid, path) => warnIf32Bit(tid, path),
        // JSON Lines' `pid` of each thread from the records: /proc no longer has a thread that has exited
        ...(outputs.jsonLines ? { thread: (tid: number, tgid: number) => outputs.know(tid, tgid) } : {}),
      },
      text !== undefined,
      json?.valueJson,
    );
    /** Everything stamped before it is in `order` (what release() was last given). */
    let watermark = 0n;
    const release = (e: Queued, next: Queued | undefined): void => {
      if (e.type === 'call') {
        // printed whole when nothing can come between its entry and its exit; else as strace splits it
        if (e.tsExit < watermark && (next === undefined || next.ts > e.tsExit)) text?.call(e, 'whole');
        else {
          text?.call(e, 'enter');
          order.push({ type: 'call-exit', ts: e.tsExit, call: e });
        }
      } else if (e.type === 'call-exit') text?.call(e.call, 'exit');
      else if (e.type === 'call-json') {
        // its line is written at its exit, as the joiner writes a call's (other threads' lines may come between)
        if (json) order.push({ type: 'call-json-exit', ts: e.tsExit, open: callJsonEnter(json, e), call: e });
      } else if (e.type === 'call-json-exit') {
        if (json) callJsonExit(json, e.open, e.call);
      } else out.emit(e);
    };
    let lastLook = 0n;
    let lastLossCheck = 0n;
    let lostSeen = 0n;
    /** Losses go into the trace where they are noticed (a `lost` event), so no output is silently short. */
    const checkLost = (): void => {
      const n = k.sum(k.lostMap, LOST.ring) + k.sum(k.lostMap, LOST.entries);
      if (n <= lostSeen) return;
      order.push({ type: 'lost', pid: 0, ts: now(), count: Number(n - lostSeen) });
      lostSeen = n;
    };
    /** A call in flight at a look, with its entry state when the reader was behind or the queue pressed (it may
     *  return before the reader gets there: its entry can then still be shown from it). */
    interface InFlightCall {
      readonly tid: number;
      readonly ts: bigint;
      /** In flight for BLOCKED_NS: its entry is shown once the look is reached (or seen ahead). */
      readonly blocked: boolean;
      readonly rec: Uint8Array | undefined;
    }
    /**
     * Looks at the calls in flight: events before `mark` and before every call in flight then can go once the ring
     * is read up to `prod`; the calls blocked then show their entries once it is (the records before them, an open
     * under -y, are decoded first).
     */
    interface Look {
      readonly mark: bigint;
      readonly prod: number;
      readonly calls: readonly InFlightCall[];
    }
    const looks: Look[] = [];
    const look = (t0: bigint): Look => {
      const calls: InFlightCall[] = [];
      // behind, or pressed: the call may return before the reader gets to the look; its entry state is kept now
      const keep =
        decoder.entersAhead &&
        (k.ring.produced() - k.ring.consumed() > BEHIND_BYTES || order.size >= PRESSED);
      k.inFlight((tid, entry) => {
        const ts = entry.getBigUint64(REC.tsEnter, true);
        if (decoder.known(tid, ts)) return;
        calls.push({
          tid,
          ts,
          blocked: t0 - ts >= BLOCKED_NS,
          rec: keep ? k.entryRecord(tid, ts) : undefined,
        });
      });
      // read after the calls in flight (a call's record is in the ring before its entry state goes): a call not seen
      // in flight has its record before this position. Read before them, a call that returned in between was in
      // neither, and the look let out events after its entry before its record was read (1 line in ~10 busy runs)
      const prod = k.ring.produced();
      return { mark: t0 - MARGIN_NS, prod, calls };
    };
    /**
     * The bound a look gives once the reader is at its position (`ahead`: before it, behind a backlog, where only an
     * entry state taken at the look can be shown). Blocked calls show their entries, as ptrace shows them
     * (`<unfinished ...>`); so do the others while the queue is pressed, instead of holding it until it overflows.
     */
    const settle = (l: Look, ahead: boolean): bigint => {
      let mark = l.mark;
      const pressed = order.size >= PRESSED;
      for (const c of l.calls) {
        if (decoder.known(c.tid, c.ts)) continue; // its record was in the ring
        if (c.blocked || pressed) {
          // before the look's position the call's record is unread (it came after the look), but under -y the
          // records before it must be decoded first; at or past it, the entry state kept is the call's only while
          // its thread's record is still unread (a thread that exited forgets what was read of it)
          const entry = ahead
            ? decoder.entersAhead
              ? (c.rec ?? k.entryRecord(c.tid, c.ts))
              : undefined
            : (k.entryRecord(c.tid, c.ts) ??
              (decoder.entersAhead && decoder.running(c.tid) ? c.rec : undefined));
          if (entry) {
            decoder.enterEarly(entry);
            continue;
          }
        }
        if (c.ts < mark) mark = c.ts; // in flight, or it just returned: its record decides
      }
      return mark;
    };
    /** Behind a backlog: a look not reached yet, bounded by the stamps of the records before its position. */
    const ahead = new LookAhead(k.ring, (v, bytes, off, len) => decoder.enterAhead(v, bytes, off, len));
    const lookAhead = (l: Look, cons: number): bigint | undefined => {
      const first = ahead.earliest(cons, l.prod);
      if (first === undefined) {
        // no bound yet, but a pressed queue still has the look's calls shown while they are in flight
        if (order.size >= PRESSED) settle(l, true);
        return undefined;
      }
      const mark = settle(l, true);
      if (first < mark) return first;
      return mark;
    };
    let records = 0;
    const drain = (): number => {
      let total = 0;
      const start = process.hrtime.bigint();
      for (;;) {
        // what is in flight is looked at before the ring is read: a call not in flight then has its record in it
        const t0 = process.hrtime.bigint();
        // (no look while the ring is being replaced by a bigger one: a position then orders nothing)
        if (!inKernelSummary && t0 - lastLook >= LOOK_NS && k.ring.settled) {
          lastLook = t0;
          if (t0 - lastLossCheck >= LOSS_CHECK_NS) {
            lastLossCheck = t0;
            checkLost();
          }
          looks.push(look(t0));
        }
        let alone: bigint | undefined;
        const n = k.ring.drain((view, bytes, off, len) => {
          decoder.handle(view, bytes, off, len);
          if ((view.getUint32(off + REC.flags, true) & REC_FLAG.alone) !== 0 && k.ring.trusted)
            alone = view.getBigUint64(off + REC.tsExit, true);
        }, BATCH);
        total += n;
        records += n;
        if (records > HEAP_BOUND_AFTER) heap.bound();
        const cons = k.ring.consumed();
        // -c: no call is in flight in the ring (the kernel counts them), so whatever is stamped before this read
        // began, but for a stack record's margin, is in: attach notices go out now, not at the end
        let mark: bigint | undefined = inKernelSummary ? t0 - MARGIN_NS : undefined;
        for (let l = looks[0]; l !== undefined && l.prod <= cons; l = looks[0]) {
          looks.shift();
          mark = settle(l, false);
        }
        // a record written while no other call was in flight: everything before its exit is in (far behind a
        // storm, events then leave at once instead of waiting for the reader to reach a look's position)
        if (alone !== undefined && (mark === undefined || alone - MARGIN_NS > mark)) mark = alone - MARGIN_NS;
        // behind a backlog: the records between the reader and the next look bound what is still to come (far
        // closer behind a storm than a record's `alone` less the margin, which held 2 ms of the traced program)
        const next = looks[0];
        const bound = next === undefined ? undefined : lookAhead(next, cons);
        if (bound !== undefined && (mark === undefined || bound > mark)) mark = bound;
        if (mark !== undefined) {
          const held = decoder.heldSince();
          watermark = (held !== undefined && held < mark ? held : mark) + clockOffset;
          order.release(watermark, release);
        }
        // far behind (a backlog in the ring): memory stays bounded, order is then kept within the window
        if (order.size > REORDER_MAX) {
          watermark = 0n;
          order.releaseOldest(order.size - REORDER_MAX / 2, release);
        }
        flush();
        if (n < BATCH || process.hrtime.bigint() - start > DRAIN_BUDGET_NS) return total;
      }
    };
    let outcome: TraceOutcome = { status: 0 };
    const status = allocNative(8);
    let mainPid = 0;
    const attached = new Set<number>();
    const idle = inKernelSummary ? new IdleWait() : undefined;
    try {
      let attachError: VatError | undefined;
      if (scope.kind === 'tids')
        for (const pid of config.attach) {
          const listed = procTasks(pid);
          // strace's words (as the ptrace engine's), said now; -p GOOD,BAD traces GOOD. A zombie or a kernel
          // thread makes no call: refused as strace refuses them, not waited for
          const refused =
            listed === undefined || !procExists(pid)
              ? 'No such process'
              : isZombie(pid) || isKernelThread(pid)
                ? `Operation not permitted${attachRefusal(pid)}`
                : undefined;
          if (listed === undefined || refused !== undefined) {
            const code = refused === 'No such process' ? 'ESRCH' : 'EPERM';
            attachError = new VatError(`attach: ptrace(PTRACE_SEIZE, ${pid}): ${refused}`, code);
            process.stderr.write(`${PROG}: ${attachError.message}\n`);
            continue;
          }
          const tids = config.followForks ? listed.map(Number) : [pid];
          const attachTs = now(); // before its first traced call
          decoder.fdsAtStart(pid);
          for (const tid of tids) {
            k.trace(tid, TRACED.yes);
            attached.add(tid);
          }
          // a thread made between the listing and its maker's being put in scope is followed by no fork record: the
          // threads are listed again until none is new (as strace attaches a process's threads)
          for (let more = config.followForks ? newThreads(pid, attached) : []; more.length > 0; ) {
            for (const tid of more) {
              k.trace(tid, TRACED.yes);
              attached.add(tid);
              tids.push(tid);
            }
            more = newThreads(pid, attached);
          }
          order.push({
            type: 'attach',
            pid,
            ts: attachTs,
            ...(tids.length > 1 ? { threads: tids } : {}),
          });
        }
      // nothing to trace: said already, the error only sets the exit status
      if (attachError && attached.size === 0 && config.command.length === 0)
        throw new VatError(attachError.message, attachError.code, attachError.exitStatus, true);
      if (config.command.length > 0) {
        const path = config.commandPath ?? config.command[0] ?? '';
        // the launcher stops itself, then execs the command with exactly its argv and vat's environment
        mainPid = spawnLauncher(
          path,
          originalEnvironment(),
          config.launchState ?? { fds: [] },
          // vat killed (SIGKILL, a crash): the command dies too, as ptrace's EXITKILL makes it (-I 1: it runs on)
          exactLauncher(path, config.command, config.interruptible !== 1),
        );
        if (libc.waitpid(mainPid, status.address, WUNTRACED) !== mainPid)
          throw new VatError('launcher vanished', 'ESPAWN');
        if (scope.kind === 'tids') k.trace(mainPid, TRACED.launcher);
        decoder.fdsAtStart(mainPid);
        decoder.waited.add(mainPid);
        // stamped on the events' clock (a wall-clock stamp could land after the command's first call)
        order.push({ type: 'attach', pid: mainPid, ts: now(), launched: true });
        // as strace: a command that closes its stdin or stdout in a pipeline must not find vat holding the pipe
        if (config.releaseStdio) releaseStandardFds();
        if (scope.kind === 'all') decoder.hideLauncher(mainPid, process.hrtime.bigint());
        libc.kill(mainPid, SIGCONT);
      }
      let mainDone = mainPid === 0;
      /**
       * vat was stopped (-I): as strace, the launched command gets the signal that ended vat, and every thread still
       * traced is let go, each with its `Process N detached`, in the order they were traced.
       */
      const letGo = (main: number): void => {
        const ts = now();
        const gone = new Set<number>();
        for (const tid of [...attached, main, ...decoder.live]) {
          if (tid === 0 || gone.has(tid) || !alive(tid)) continue;
          gone.add(tid);
          if (scope.kind === 'tids') k.untrace(tid);
          order.push({ type: 'detach', pid: tid, ts });
        }
        // signalled once let go: strace's detached command takes the signal unseen
        if (this.stopSignal !== 0 && main !== 0) {
          libc.kill(main, SIGCONT);
          libc.kill(main, this.stopSignal);
        }
      };
      let polls = 0;
      for (;;) {
        const n = drain();
        if (this.stopRequested) {
          letGo(mainDone ? 0 : mainPid);
          break;
        }
        if (!mainDone) {
          const got = libc.waitpid(mainPid, status.address, WNOHANG);
          if (got === mainPid) {
            const s = status.view.getInt32(0, true);
            if (W.stopped(s)) {
              // the command stopped itself (job control): it stays stopped, as without vat
            } else {
              mainDone = true;
              drain();
              const ts = now();
              if (W.exited(s) && scope.kind === 'tids' && !decoder.execed.has(mainPid)) {
                // the launcher's execve failed (it exits with the errno): as strace, `exec: REASON` after the
                // trace so far, exit status 1 (a launcher outside a --cgroup scope makes no exec record)
                watermark = END;
                order.releaseAll(release);
                flush();
                process.stderr.write(`${PROG}: exec: ${errnoText(W.exitCode(s))}\n`);
                outcome = { status: 1 };
                order.push({ type: 'exited', pid: mainPid, ts, code: 1 });
              } else if (W.exited(s)) {
                outcome = { status: W.exitCode(s) };
                order.push({ type: 'exited', pid: mainPid, ts, code: W.exitCode(s) });
              } else {
                outcome = { status: 128 + W.termSig(s), killedBy: W.termSig(s) };
                order.push({ type: 'exited', pid: mainPid, ts, signo: W.termSig(s), core: W.coreDumped(s) });
              }
            }
          } else if (got < 0 && lastErrno() !== 4) mainDone = true;
        }
        if (scope.kind === 'tids') {
          for (const tid of attached) if (!alive(tid)) attached.delete(tid);
          if (config.followForks && ++polls % 50 === 0)
            for (const tid of decoder.live) if (!alive(tid)) decoder.live.delete(tid); // an exit we missed
          const followed = config.followForks && decoder.live.size > 0;
          if (mainDone && attached.size === 0 && !followed) break;
        } else if (mainPid !== 0 && mainDone) break;
        if (n > 0) idle?.busy();
        if (n === 0) await (idle ? idle.wait() : sleep(2));
        else await new Promise((r) => setImmediate(r));
      }
      // no new records once detached: what the ring holds then is the rest of the trace, read to its end
      await k.detach();
      await k.ring.settle();
      while (drain() > 0) await new Promise((r) => setImmediate(r));
      decoder.finish();
      checkLost();
      watermark = END;
      order.releaseAll(release);
      if (inKernelSummary) this.kernelSummary(k, outputs);
      // the total on stderr too, unless the trace itself goes there and already said it
      if (lostSeen > 0n && !outputs.textOnStderr) process.stderr.write(`${lostNotice(Number(lostSeen))}\n`);
      flush();
      outputs.close();
      await k.release();
      return outcome;
    } catch (err) {
      if (mainPid !== 0 && outcome.status === 0) libc.kill(mainPid, SIGKILL);
      throw err;
    } finally {
      idle?.close();
      k.close();
    }
  }

  /** -c counted in the kernel: per-syscall totals summed over CPUs into the summary table. */
  private kernelSummary(k: KernelObjects, summary: Outputs): void {
    k.sums(k.stats, [0, 8, 16], (nr, [calls = 0n, errors = 0n, total = 0n]) => {
      if (calls === 0n) return;
      summary.addTotals({
        name: syscallName('x86_64', nr),
        nr,
        calls: Number(calls),
        errors: Number(errors),
        total,
      });
    });
  }
}

/** Which processes the programs record: the launched or attached threads, a cgroup, or all but vat. */
function scopeOf(config: TraceConfig): Scope {
  return config.systemWide
    ? { kind: 'all', self: process.pid }
    : config.cgroup !== undefined
      ? { kind: 'cgroup', id: cgroupId(config.cgroup), self: process.pid }
      : { kind: 'tids' };
}

/** What a trace puts in the kernel (-c alone: counted there, with a small ring). */
function kernelOptions(
  config: TraceConfig,
  spec: TraceOutputs,
  inKernelSummary: boolean,
  ringSize: number,
): KernelOptions {
  const traced = config.traceSet
    ? new Set(config.traceSet.flatMap((n) => syscallByName('x86_64', n)?.nr ?? []))
    : undefined;
  const followFds = followsFds(config.decode);
  const planContext = { decode: config.decode, followFds };
  return {
    scope: scopeOf(config),
    follow: config.followForks,
    summary: inKernelSummary,
    ...(spec.summary?.overhead ? { overhead: spec.summary.overhead } : {}),
    ringSize,
    plans: () => buildPlans(planContext, traced),
    planKey: planKey(planContext, traced),
    fdInodes: followFds,
  };
}

const alive = (tid: number): boolean => procExists(tid);

/** The threads of `pid` not in `known` (none when it is gone). */
const newThreads = (pid: number, known: ReadonlySet<number>): number[] =>
  (procTasks(pid) ?? []).map(Number).filter((tid) => !known.has(tid));

/** The threads said to run a 32-bit program (an exec is seen twice: its record and its execve call). */
const warned32 = new Set<number>();
/** Each program's class, read once (an exec is checked twice, and make runs the same few programs again and again). */
const elfClasses = new ElfClasses();

/**
 * A process that exec'd a 32-bit program makes i386 calls, which the records carry as x86_64 numbers: never silent
 * (auto gives ptrace a 32-bit command, select.ts; a child's exec cannot be foreseen). PATH when the execve said
 * it, else /proc/TID/exe while the process is there.
 */
function warnIf32Bit(tid: number, path?: string): void {
  if (warned32.has(tid) || !elfClasses.is32(path ?? procPath(tid, 'exe'))) return;
  warned32.add(tid);
  process.stderr.write(
    `${PROG}: pid ${tid} runs a 32-bit program: the eBPF engine shows its calls as x86_64's; use --engine ptrace\n`,
  );
}
