// What `vat stuck` reports (its --json shape): each thread's state from /proc, the sample, the verdicts.

export interface ProcCall {
  readonly nr: number;
  readonly name: string;
  /** `read(3<pipe:[123]>, 0x7ffd..., 1)` */
  readonly text: string;
  /** The fds among the arguments, resolved through /proc/PID/fd. */
  readonly fds: { fd: number; target: string }[];
}

export interface Peer {
  readonly pid: number;
  readonly comm: string;
  readonly fd: number;
  readonly mode: 'read' | 'write' | 'read-write';
}

export interface ThreadState {
  readonly tid: number;
  readonly comm: string;
  readonly state: string;
  readonly stateText: string;
  readonly wchan: string | null;
  /** The syscall the thread is in, from /proc/PID/task/TID/syscall; null when running or not in one. */
  readonly syscall: ProcCall | null;
  readonly inUserSpace: boolean;
  /** Milliseconds since the thread last ran (sleeping threads), from the scheduler's exec_start. */
  readonly sleepingMs: number | null;
  /** Other holders of the pipe or socket the blocking call waits on. */
  readonly peers: Peer[];
  /** In wait4/waitid: the children it waits for. */
  readonly children: { pid: number; comm: string }[];
  sample?: ThreadSample;
  verdict?: string;
}

export interface ThreadSample {
  readonly calls: number;
  readonly perSecond: number;
  /** Most frequent calls during the sample: `poll(...) = 0` -> count. */
  readonly top: { call: string; count: number }[];
  /** The call in progress when the sample ended. */
  readonly unfinished: string | null;
  /** CPU time the thread used during the sample, milliseconds. */
  readonly cpuMs: number;
}

export interface StuckReport {
  readonly pid: number;
  readonly comm: string;
  readonly cmdline: string;
  readonly threads: ThreadState[];
  readonly sampledMs: number | null;
  /** How the process ended when it exited during the sample (`exited with 0`, `killed by SIGTERM`). */
  readonly exited?: string;
  /** One sentence per thread that matters, the first is the answer. */
  readonly verdicts: string[];
}
