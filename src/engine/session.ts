// A trace session: one engine run wired to what consumes it. The engine emits events; the session joins them
// into Calls (the one CallJoiner), hands calls and events to the consumer in order, and owns what stops a run
// (signals, --for, a consumer that failed). The live analyses, the security commands and the trace command
// run through it instead of each wiring an engine by hand.
import { constants as osConstants } from 'node:os';
import { type Call, CallJoiner, type JoinOptions } from '../model/call.js';
import type { TraceEvent } from '../model/events.js';
import { libc } from '../sys/libc.js';
import type { Engine, TraceConfig, TraceOutcome, TraceOutputs } from './engine.js';

/** What a session feeds: each call when it completes, then the event that completed it. */
export interface SessionConsumer {
  /** Joined calls; calls still open when the trace ends come last, without a result. */
  readonly call?: (call: Call) => void;
  readonly event?: (e: TraceEvent) => void;
  /** How calls are joined (the thread groups of a live trace, calls whose entry was not seen). */
  readonly join?: JoinOptions;
}

export interface SessionOptions {
  /** Signals vat takes over while the run lasts (their default action would end vat before its output). */
  readonly signals?: readonly NodeJS.Signals[];
  /** Which of them stop the run (detach from the tracees); the others are only kept from ending vat. */
  readonly stopOn?: (signal: NodeJS.Signals) => boolean;
  /**
   * Keep `signals` ignored after the run, until vat exits: the command still writes its results
   * (alerts' summary, a profile, a report), which a second SIGTERM or Ctrl-C must not cut off, as strace keeps
   * its handlers through its cleanup and -c summary. For vat's own commands, not for a library's caller.
   */
  readonly holdSignals?: boolean;
  /**
   * Instead of `signals`: installs the caller's own handling (the trace command's -I levels) and returns its
   * undoing; each signal it passes to `stop` detaches, the tracees getting that signal as strace's cleanup does.
   */
  readonly guard?: (stop: (signal: NodeJS.Signals) => void) => () => void;
  /** Stop after this many milliseconds, counted from the first event (starting the tracer can be slow). */
  readonly forMs?: number;
  /** strace text, JSON Lines, -c: written by the engine's decoding thread (the trace command's outputs). */
  readonly outputs?: TraceOutputs;
}

/** SIG_IGN is the handler value 1 in every C library. */
const SIG_IGN = 1;

/** The listener that keeps Node from giving a held signal its default action back (the kernel ignores it). */
const keepIgnored = (): void => {};

/** A run that never reports anything is stopped this long after --for would have ended it. */
const FOR_CAP_MS = 15_000;

export class Session {
  /** The first signal that stopped the run. */
  interrupted: NodeJS.Signals | undefined;
  private failure: { readonly error: unknown } | undefined;
  private engine: Engine | undefined;

  /** `engine` may be made when the run starts (loading an engine takes a while: the signals are held meanwhile). */
  constructor(
    private readonly engineOf: Engine | (() => Promise<Engine>),
    private readonly config: TraceConfig,
    private readonly options: SessionOptions = {},
  ) {}

  /** Runs the engine to its end; a consumer's error stops the run and is thrown once the tracees are let go. */
  async run(consumer: SessionConsumer = {}): Promise<TraceOutcome> {
    const { options } = this;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (!options.stopOn?.(signal)) return;
      this.interrupted ??= signal;
      this.engine?.stop();
    };
    const signals = options.signals ?? [];
    for (const s of signals) process.on(s, onSignal);
    const unguard = options.guard?.((signal) => {
      this.interrupted ??= signal;
      this.engine?.stop(osConstants.signals[signal]);
    });
    try {
      const engineOf = this.engineOf;
      this.engine = typeof engineOf === 'function' ? await engineOf() : engineOf;
      return await this.runEngine(this.engine, consumer);
    } finally {
      // ignored in the kernel, not by a listener: Node resets a listener's signal to its default action as it
      // exits, and a signal then would still end vat (and nothing keeps vat running for an ignored signal).
      // Ignored before onSignal goes, behind a listener that stays: removing a signal's last listener gives it its
      // default action back, and a second SIGTERM in that gap ended vat before its summary
      if (options.holdSignals)
        for (const s of signals) {
          if (!process.listeners(s).includes(keepIgnored)) process.on(s, keepIgnored);
          libc.signal(osConstants.signals[s], SIG_IGN);
        }
      for (const s of signals) process.off(s, onSignal);
      unguard?.();
    }
  }

  private async runEngine(engine: Engine, consumer: SessionConsumer): Promise<TraceOutcome> {
    const { options } = this;
    let timer: NodeJS.Timeout | undefined;
    const forMs = options.forMs;
    const cap = forMs !== undefined ? setTimeout(() => engine.stop(), forMs + FOR_CAP_MS) : undefined;
    const wanted = consumer.call !== undefined || consumer.event !== undefined;
    const feed = wanted ? this.feeder(consumer) : undefined;
    try {
      const outcome = await engine.run(
        this.config,
        feed || forMs !== undefined
          ? (events) => {
              if (forMs !== undefined && timer === undefined) timer = setTimeout(() => engine.stop(), forMs);
              feed?.events(events);
            }
          : undefined,
        options.outputs,
      );
      feed?.finish();
      if (this.failure) throw this.failure.error;
      return outcome;
    } finally {
      if (timer) clearTimeout(timer);
      if (cap) clearTimeout(cap);
    }
  }

  /** Events to the consumer through one joiner; after a consumer's error nothing more is fed. */
  private feeder(consumer: SessionConsumer) {
    const joiner = new CallJoiner(consumer.join);
    const guard = (f: () => void): void => {
      if (this.failure) return;
      try {
        f();
      } catch (error) {
        this.failure = { error };
        this.engine?.stop();
      }
    };
    return {
      events: (events: readonly TraceEvent[]): void =>
        guard(() => {
          for (const e of events) {
            if (consumer.call) for (const c of joiner.add(e)) consumer.call(c);
            consumer.event?.(e);
          }
        }),
      finish: (): void =>
        guard(() => {
          if (consumer.call) for (const c of joiner.finish()) consumer.call(c);
        }),
    };
  }
}
