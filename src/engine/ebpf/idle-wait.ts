// Under -c the kernel counts and the ring carries only fork and exit records: polling it every 2 ms cost ~20 ms of
// CPU per second of the command's run (0.5 s over a storm at load). The reader waits longer each time nothing
// came, up to MAX_MS, and a SIGCHLD (the launched command ended or stopped) wakes it at once.
const MIN_MS = 2;
const MAX_MS = 50;

export class IdleWait {
  private ms = MIN_MS;
  /** A SIGCHLD came while nobody waited: the next wait returns at once. */
  private pending = false;
  private wake: (() => void) | undefined;
  private readonly onChild = (): void => {
    if (this.wake) this.wake();
    else this.pending = true;
  };

  constructor() {
    process.on('SIGCHLD', this.onChild);
  }

  /** Something was read: the next wait is short again. */
  busy(): void {
    this.ms = MIN_MS;
  }

  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    const ms = this.ms;
    this.ms = Math.min(ms * 2, MAX_MS);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.done(resolve), ms);
      this.wake = (): void => {
        clearTimeout(timer);
        this.done(resolve);
      };
    });
  }

  close(): void {
    process.off('SIGCHLD', this.onChild);
  }

  private done(resolve: () => void): void {
    this.wake = undefined;
    this.pending = false;
    resolve();
  }
}
