// -e inject=...:delay_enter=/delay_exit=: tracees held stopped until a deadline, without blocking the others —
// the tracer loop polls instead of blocking while any is held, and resumes each when its time comes.

interface Held {
  readonly tid: number;
  readonly due: bigint;
  readonly signal: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** The longest the loop sleeps between polls while tracees are held: other stops wait at most this long. */
const POLL_NS = 1_000_000n;

export class DelayQueue {
  private held: Held[] = [];

  get size(): number {
    return this.held.length;
  }

  /** Holds `tid` (stopped) for `us` microseconds; `signal` goes with its resumption. */
  hold(tid: number, us: number, signal: number, now: bigint): void {
    this.held.push({ tid, due: now + BigInt(Math.round(us * 1000)), signal });
  }

  /** Removes and returns the tracees whose time has come (all of them with `all`). */
  due(now: bigint, all = false): Held[] {
    if (this.held.length === 0) return [];
    const ready = this.held.filter((h) => all || h.due <= now);
    if (ready.length > 0) this.held = this.held.filter((h) => !ready.includes(h));
    return ready;
  }

  /** Forgets a thread that died while held (SIGKILL from elsewhere). */
  drop(tid: number): void {
    this.held = this.held.filter((h) => h.tid !== tid);
  }

  /** Sleeps until the next deadline or one poll interval, whichever is first. */
  nap(now: bigint): void {
    let next = now + POLL_NS;
    for (const h of this.held) if (h.due < next) next = h.due;
    const ms = Number(next - now) / 1e6;
    if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
  }
}
