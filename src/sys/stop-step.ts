// One ptrace stop, one crossing into native code: the resume of the stop before, wait4 and the next stop's
// PTRACE_GET_SYSCALL_INFO are made by one routine (stop-step-code.ts) over a shared control block. Where the
// routine cannot be mapped executable (a hardened kernel, another architecture) the same three calls go through
// libc one by one, with the same results in the same block.
import { type CodeResult, type MapFlags, mapCode } from './code-page.js';
import { allocNative, lastErrno, libc, type NativeBuffer } from './libc.js';
import { assemble, CTL, INFO_SIZE, type StepNumbers, stopStepLines } from './stop-step-code.js';

export type { MapFlags } from './code-page.js';
export type { StepNumbers } from './stop-step-code.js';

export class StopStep {
  private readonly ctl: NativeBuffer = allocNative(CTL.size);
  /** The control block as 32-bit words (the 8-byte slots' low halves). */
  private readonly w = new Int32Array(this.ctl.bytes.buffer, this.ctl.bytes.byteOffset, CTL.size / 4);
  /** struct ptrace_syscall_info of the last syscall stop, where the routine puts it. */
  readonly info: NativeBuffer;
  private readonly native: (() => number) | undefined;
  /** Why the one-crossing routine is not used (undefined when it is), and the errno of the refusal (0: none). */
  readonly refused: string | undefined;
  readonly refusedErrno: number;

  constructor(
    private readonly k: StepNumbers,
    flags: MapFlags,
    private readonly rusage: number,
    native = true,
  ) {
    const bytes = this.ctl.bytes;
    this.info = {
      address: this.ctl.address + BigInt(CTL.info),
      at: this.ctl.at + CTL.info,
      bytes: bytes.subarray(CTL.info, CTL.info + INFO_SIZE),
      view: new DataView(bytes.buffer, bytes.byteOffset + CTL.info, INFO_SIZE),
    };
    new BigUint64Array(bytes.buffer, bytes.byteOffset + CTL.rusage, 1)[0] = BigInt(rusage);
    const code: CodeResult = native
      ? mapCode(assemble(stopStepLines(this.ctl.address, k)), flags)
      : { refused: 'VAT_STOP_STEP=libc', errno: 0 };
    this.native = 'call' in code ? code.call : undefined;
    this.refused = 'refused' in code ? code.refused : undefined;
    this.refusedErrno = 'refused' in code ? code.errno : 0;
  }

  /** Resumes `tid` with `request` and `signal` at the next wait (one resume is held at a time). */
  resume(request: number, tid: number, signal: number): void {
    const w = this.w;
    if (w[CTL.request / 4] !== 0) this.flush();
    w[CTL.request / 4] = request;
    w[CTL.tid / 4] = tid;
    w[CTL.data / 4] = signal;
  }

  /** Makes the held resume now (before anything else acts on the tracees: detaching, signalling, waitpid). */
  flush(): void {
    const w = this.w;
    const request = w[CTL.request / 4] as number;
    if (request === 0) return;
    w[CTL.request / 4] = 0;
    const r = libc.ptrace(request, w[CTL.tid / 4] as number, 0, w[CTL.data / 4] as number);
    w[CTL.resumed / 4] = r < 0 ? -lastErrno() : r;
  }

  /**
   * The held resume, then wait4(-1, options), then the syscall info when the report is a syscall stop:
   * wait4's result (a pid, 0 under WNOHANG, or -errno).
   */
  wait(options: number): number {
    const w = this.w;
    w[CTL.options / 4] = options;
    if (this.native) return this.native();
    this.flush();
    const pid = libc.wait4(-1, this.ctl.at + CTL.status, options, this.rusage);
    w[CTL.waited / 4] = pid < 0 ? -lastErrno() : pid;
    w[CTL.infoResult / 4] = 0;
    if (pid > 0 && ((w[CTL.status / 4] as number) & 0xffff) === this.k.syscallStop) {
      const r = libc.ptrace(this.k.getSyscallInfo, pid, INFO_SIZE, this.info.at);
      w[CTL.infoResult / 4] = r < 0 ? -lastErrno() : r;
    }
    return w[CTL.waited / 4] as number;
  }

  /** The wait status of the last report. */
  status(): number {
    return this.w[CTL.status / 4] as number;
  }

  /** The last resume's result: 0, or -errno (ESRCH when the tracee was killed while stopped). */
  resumed(): number {
    return this.w[CTL.resumed / 4] as number;
  }

  /** PTRACE_GET_SYSCALL_INFO's result at the last syscall stop: the size read, or -errno. */
  infoResult(): number {
    return this.w[CTL.infoResult / 4] as number;
  }
}
