// The stop step's machine code: x86-64 instructions written as bytes (no compiler on users' machines), each
// beside the GNU assembler line it encodes; test/sys/stop-step-code.test.ts assembles those lines with `as` and
// compares. The routine makes raw syscalls only (no libc; the stack holds one saved register and, inside
// .Ltime, a return address).
//
//   int vat_stop_step(void)   // the control block's address is an immediate of the code
//     for (;;) {
//       if (ctl.request) { ctl.resumed = ptrace(ctl.request, ctl.tid, 0, ctl.data); ctl.request = 0; }
//       ctl.waited = wait4(-1, &ctl.status, ctl.options, ctl.rusage);
//       ctl.infoResult = 0;
//       if (ctl.waited <= 0) return ctl.waited;
//       if ((ctl.status & 0xffff) != syscallStop && (ctl.status & 0xffffff) != seccompStop) return ctl.waited;
//       ctl.infoResult = ptrace(PTRACE_GET_SYSCALL_INFO, ctl.waited, 128, &ctl.info);
//       // a plain syscall stop of an armed x86-64 thread is handled here; anything else returns
//       if (ctl.infoResult <= 0 || info.arch != AUDIT_ARCH_X86_64) return ctl.waited;
//       slot = &ctl.slots[ctl.waited & (SLOTS - 1)];
//       if (slot.tid != ctl.waited) return ctl.waited;
//       if (info.op == EXIT) {
//         if (slot.state == LIVE && ctl.queued < QUEUED) {   // a live call's exit: queued for the tracer
//           ctl.queue[ctl.queued++] = { tid: ctl.waited, rval: info.rval }; slot.state = ctl.liveState;
//           ctl.request = ctl.liveRequest; goto held;
//         } else {
//           if (slot.state == IN_CALL) count(slot.nr, time() - slot.start, info.rval);
//           else if (slot.state != SKIPPING) return ctl.waited;
//           slot.state = ARMED;
//         }
//       } else if (info.op == ENTRY && slot.state == ARMED && ctl.budget != 0 && info.nr < NRS) {
//         if (ctl.actions[info.nr] == SKIP) slot.state = SKIPPING;
//         else if (ctl.actions[info.nr] == COUNT) { slot.nr = info.nr; slot.start = time(); slot.state = IN_CALL; }
//         else return ctl.waited;
//         ctl.budget--;
//       } else return ctl.waited;
//       ctl.request = PTRACE_SYSCALL;
//     held:
//       ctl.tid = ctl.waited; ctl.data = 0; ctl.handled++;   // the resume held to the loop's top
//     }
//   time(): ctl.clock ? CLOCK_MONOTONIC in ns : the wait's ru_stime in ns
//   count(nr, t, rval): t = t > ctl.overhead ? t - ctl.overhead : 0; row = &ctl.counts[nr];
//     row.calls++; if (-4095 <= rval < 0) row.errors++; row.total += t; row.min = min(row.min, t); row.max = max(...)
//
// Results are the kernel's: a value, or -errno. System V calling convention: rbx is the callee's to save; rax,
// rcx, rdx, rsi, rdi, r8-r11 are the caller's. The syscall instruction takes its number in eax and arguments in
// rdi, rsi, rdx, r10; it clobbers rcx and r11 (so the slot's address lives in r8).

/** Syscall numbers the routine's tables cover (x86-64 numbers are below 512; x32's carry bit 30). */
export const NRS = 512;
/** Thread slots, indexed by tid & (SLOTS - 1); a thread whose slot another holds is handled in JavaScript. */
export const SLOTS = 512;
const SLOT_SIZE = 32;
const ROW_SIZE = 40;
/** Exits of live calls the routine may queue before it returns (QUEUE_SIZE bytes each). */
export const QUEUED = 64;
const QUEUE_SIZE = 16;

/** Byte offsets in the control block (8-byte slots; 32-bit values sit in a slot's low half, the rest is 0). */
export const CTL = {
  /** in: the resuming ptrace request of the previous stop (PTRACE_SYSCALL, PTRACE_CONT...), 0 for none. */
  request: 0,
  tid: 8,
  /** in: the signal to deliver with the resume. */
  data: 16,
  /** in: wait4's options (__WALL, WNOHANG). */
  options: 24,
  /** in: wait4's struct rusage address (64 bits), 0 for none. */
  rusage: 32,
  /** out: the resume's result (0 or -errno; a raced-away tracee's ESRCH is ignored, as before). */
  resumed: 40,
  /** out: wait4's result: the pid, 0 (WNOHANG), or -errno. */
  waited: 48,
  /** out: the wait status (int). */
  status: 56,
  /** out: PTRACE_GET_SYSCALL_INFO's result: the size, -errno, or 0 when the stop was not a syscall stop. */
  infoResult: 64,
  /** in/out: syscall entries the routine may still handle itself (it counts down); 0 returns at every stop. */
  budget: 72,
  /** in: the clock of counted calls: 0 the wait's ru_stime (rusage must be set), 1 CLOCK_MONOTONIC. */
  clock: 80,
  /** in: nanoseconds taken off each counted call's time, never below 0 (-O). */
  overhead: 88,
  /** out: stops handled in the routine, a running total. */
  handled: 96,
  /** scratch: clock_gettime's struct timespec. */
  now: 104,
  /** in/out: exits queued in `queue` (the tracer takes them and sets it back to 0). */
  queued: 120,
  /** out: struct ptrace_syscall_info, INFO_SIZE bytes. */
  info: 128,
  /** in: one byte per syscall number below NRS: ACTION.js, skip or count. */
  actions: 256,
  /** out: the struct rusage wait4 fills when `rusage` points here (144 bytes on x86-64, 248 of room). */
  rusageBuf: 768,
  /** in: the request that resumes a thread whose exit was queued (PTRACE_SYSCALL, or PTRACE_CONT under the
   * tracing seccomp filter, whose threads run to their next traced call between calls). */
  liveRequest: 1016,
  /** in: the state a slot takes after its thread's exit was queued: ARMED where the tracer arms threads between
   * calls (-e trace= without the filter: the thread's next entry may then be passed over here too), else FREE. */
  liveState: 1020,
  /** in/out: SLOTS thread slots of SLOT (tid u32, state u32, nr u64, start u64, 8 spare). */
  slots: 1024,
  /** out: NRS rows of ROW (calls, errors, total, min, max: u64 each; min starts at 2^64-1). */
  counts: 1024 + SLOTS * SLOT_SIZE,
  /** out: QUEUED entries of QUEUE (tid u32, rval u64 at 8). */
  queue: 1024 + SLOTS * SLOT_SIZE + NRS * ROW_SIZE,
  size: 1024 + SLOTS * SLOT_SIZE + NRS * ROW_SIZE + QUEUED * QUEUE_SIZE,
} as const;

/** Offsets in a thread slot and in a count row. */
export const SLOT = { size: SLOT_SIZE, tid: 0, state: 4, nr: 8, start: 16 } as const;
export const ROW = { size: ROW_SIZE, calls: 0, errors: 8, total: 16, min: 24, max: 32 } as const;
export const QUEUE = { size: QUEUE_SIZE, tid: 0, rval: 8 } as const;

/** What the routine does at the entry of each syscall number. */
export const ACTION = { js: 0, skip: 1, count: 2 } as const;
/**
 * A slot's state: free, a thread between calls the routine may handle, in an untraced call, in a counted one, in a
 * call printed live whose exit needs only its return (queued by the routine).
 */
export const STATE = { free: 0, armed: 1, skipping: 2, inCall: 3, live: 4 } as const;

export const INFO_SIZE = 128;
/** struct ptrace_syscall_info: op (u8), arch (u32), then entry.nr or exit.rval (64 bits). */
const INFO = { op: 0, arch: 4, nr: 24, rval: 24 } as const;

/** The kernel's numbers the routine uses, from vat's generated tables (sys/ sits below them). */
export interface StepNumbers {
  /** __NR_ptrace, __NR_wait4 and __NR_clock_gettime on x86_64. */
  readonly ptrace: number;
  readonly wait4: number;
  readonly clockGettime: number;
  /** CLOCK_MONOTONIC. */
  readonly monotonic: number;
  /** PTRACE_GET_SYSCALL_INFO, PTRACE_SYSCALL. */
  readonly getSyscallInfo: number;
  readonly syscall: number;
  /** PTRACE_SYSCALL_INFO_ENTRY and _EXIT: struct ptrace_syscall_info's op. */
  readonly infoEntry: number;
  readonly infoExit: number;
  /** AUDIT_ARCH_X86_64: info.arch of a 64-bit call. */
  readonly archX86_64: number;
  /** The low 16 bits of a syscall stop's wait status under PTRACE_O_TRACESYSGOOD: (SIGTRAP | 0x80) << 8 | 0x7f. */
  readonly syscallStop: number;
  /** The low 24 bits of a seccomp stop's (PTRACE_EVENT_SECCOMP): (SIGTRAP | EVENT_SECCOMP << 8) << 8 | 0x7f. */
  readonly seccompStop: number;
}

/** One line of the routine: an instruction's bytes and its assembler text, a label, or a jump or call to one. */
type Line =
  | { readonly asm: string; readonly bytes: readonly number[] }
  | { readonly label: string }
  | { readonly jump: Jump; readonly to: string };
type Jump = keyof typeof JCC | 'jmp' | 'call';

/** jcc rel8 opcodes; the rel32 form is 0x0f, opcode + 0x10. */
const JCC = { je: 0x74, jne: 0x75, jle: 0x7e, jae: 0x73, jbe: 0x76 } as const;

const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const le64 = (n: bigint): number[] => [...le32(Number(n & 0xffffffffn)), ...le32(Number(n >> 32n))];
const hex = (n: number | bigint): string => `0x${n.toString(16)}`;
/** A byte of a disp8 or imm8 operand: GNU as uses these forms only for values in -128..127. */
const b8 = (n: number): number => {
  if (n < -128 || n > 127) throw new Error(`stop step: ${n} does not fit a signed byte`);
  return n & 0xff;
};

/** The routine's lines, for a control block at `ctl`. */
export function stopStepLines(ctl: bigint, k: StepNumbers): Line[] {
  const at = (off: number): string => (off === 0 ? '[rbx]' : `[rbx+${off}]`);
  const info = (f: keyof typeof INFO): number => CTL.info + INFO[f];
  return [
    { asm: 'push rbx', bytes: [0x53] },
    { asm: `movabs rbx, ${hex(ctl)}`, bytes: [0x48, 0xbb, ...le64(ctl)] },
    // the previous stop's resume, when one is pending
    { label: '.Lresume' },
    { asm: `mov edi, dword ptr ${at(CTL.request)}`, bytes: [0x8b, 0x3b] },
    { asm: 'test edi, edi', bytes: [0x85, 0xff] },
    { jump: 'je', to: '.Lwait' },
    { asm: `mov dword ptr ${at(CTL.request)}, 0`, bytes: [0xc7, 0x03, 0, 0, 0, 0] },
    { asm: `mov esi, dword ptr ${at(CTL.tid)}`, bytes: [0x8b, 0x73, CTL.tid] },
    { asm: 'xor edx, edx', bytes: [0x31, 0xd2] },
    { asm: `mov r10d, dword ptr ${at(CTL.data)}`, bytes: [0x44, 0x8b, 0x53, CTL.data] },
    { asm: `mov eax, ${k.ptrace}`, bytes: [0xb8, ...le32(k.ptrace)] },
    { asm: 'syscall', bytes: [0x0f, 0x05] },
    { asm: `mov qword ptr ${at(CTL.resumed)}, rax`, bytes: [0x48, 0x89, 0x43, CTL.resumed] },
    // wait4(-1, &status, options, rusage)
    { label: '.Lwait' },
    { asm: 'mov rdi, -1', bytes: [0x48, 0xc7, 0xc7, 0xff, 0xff, 0xff, 0xff] },
    { asm: `lea rsi, ${at(CTL.status)}`, bytes: [0x48, 0x8d, 0x73, CTL.status] },
    { asm: `mov edx, dword ptr ${at(CTL.options)}`, bytes: [0x8b, 0x53, CTL.options] },
    { asm: `mov r10, qword ptr ${at(CTL.rusage)}`, bytes: [0x4c, 0x8b, 0x53, CTL.rusage] },
    { asm: `mov eax, ${k.wait4}`, bytes: [0xb8, ...le32(k.wait4)] },
    { asm: 'syscall', bytes: [0x0f, 0x05] },
    { asm: `mov qword ptr ${at(CTL.waited)}, rax`, bytes: [0x48, 0x89, 0x43, CTL.waited] },
    { asm: `mov qword ptr ${at(CTL.infoResult)}, 0`, bytes: [0x48, 0xc7, 0x43, CTL.infoResult, 0, 0, 0, 0] },
    // a syscall stop of a tracee: its PTRACE_GET_SYSCALL_INFO now
    { asm: 'test rax, rax', bytes: [0x48, 0x85, 0xc0] },
    { jump: 'jle', to: '.Ldone' },
    { asm: `movzx ecx, word ptr ${at(CTL.status)}`, bytes: [0x0f, 0xb7, 0x4b, CTL.status] },
    { asm: `cmp ecx, ${hex(k.syscallStop)}`, bytes: [0x81, 0xf9, ...le32(k.syscallStop)] },
    { jump: 'jne', to: '.Lseccomp' },
    // the exit of a call this routine passed over: resumed without reading its info (strace skips get_regs for
    // filtered calls; its get_regs test counts the ptrace calls)
    { asm: 'mov ecx, eax', bytes: [0x89, 0xc1] },
    { asm: `and ecx, ${SLOTS - 1}`, bytes: [0x81, 0xe1, ...le32(SLOTS - 1)] },
    { asm: `shl ecx, ${Math.log2(SLOT_SIZE)}`, bytes: [0xc1, 0xe1, Math.log2(SLOT_SIZE)] },
    { asm: `lea r8, [rbx+rcx+${CTL.slots}]`, bytes: [0x4c, 0x8d, 0x84, 0x0b, ...le32(CTL.slots)] },
    { asm: 'cmp dword ptr [r8], eax', bytes: [0x41, 0x39, 0x00] },
    { jump: 'jne', to: '.Linfo' },
    {
      asm: `cmp dword ptr [r8+${SLOT.state}], ${STATE.skipping}`,
      bytes: [0x41, 0x83, 0x78, SLOT.state, STATE.skipping],
    },
    { jump: 'je', to: '.Lexited' },
    { label: '.Linfo' },
    { asm: 'mov esi, eax', bytes: [0x89, 0xc6] },
    { asm: `mov edi, ${hex(k.getSyscallInfo)}`, bytes: [0xbf, ...le32(k.getSyscallInfo)] },
    { asm: `mov edx, ${INFO_SIZE}`, bytes: [0xba, ...le32(INFO_SIZE)] },
    { asm: `lea r10, ${at(CTL.info)}`, bytes: [0x4c, 0x8d, 0x93, ...le32(CTL.info)] },
    { asm: `mov eax, ${k.ptrace}`, bytes: [0xb8, ...le32(k.ptrace)] },
    { asm: 'syscall', bytes: [0x0f, 0x05] },
    { asm: `mov qword ptr ${at(CTL.infoResult)}, rax`, bytes: [0x48, 0x89, 0x43, CTL.infoResult] },
    // handled here only when the info was read, the call is x86-64's and the thread's slot is its own
    { asm: 'test rax, rax', bytes: [0x48, 0x85, 0xc0] },
    { jump: 'jle', to: '.Ldone' },
    {
      asm: `cmp dword ptr ${at(info('arch'))}, ${hex(k.archX86_64)}`,
      bytes: [0x81, 0xbb, ...le32(info('arch')), ...le32(k.archX86_64)],
    },
    { jump: 'jne', to: '.Ldone' },
    { asm: `mov eax, dword ptr ${at(CTL.waited)}`, bytes: [0x8b, 0x43, CTL.waited] },
    { asm: 'mov ecx, eax', bytes: [0x89, 0xc1] },
    { asm: `and ecx, ${SLOTS - 1}`, bytes: [0x81, 0xe1, ...le32(SLOTS - 1)] },
    { asm: `shl ecx, ${Math.log2(SLOT_SIZE)}`, bytes: [0xc1, 0xe1, Math.log2(SLOT_SIZE)] },
    { asm: `lea r8, [rbx+rcx+${CTL.slots}]`, bytes: [0x4c, 0x8d, 0x84, 0x0b, ...le32(CTL.slots)] },
    { asm: 'cmp dword ptr [r8], eax', bytes: [0x41, 0x39, 0x00] },
    { jump: 'jne', to: '.Ldone' },
    { asm: `movzx edx, byte ptr ${at(info('op'))}`, bytes: [0x0f, 0xb6, 0x93, ...le32(info('op'))] },
    { asm: `cmp edx, ${k.infoExit}`, bytes: [0x83, 0xfa, b8(k.infoExit)] },
    { jump: 'je', to: '.Lexit' },
    { asm: `cmp edx, ${k.infoEntry}`, bytes: [0x83, 0xfa, b8(k.infoEntry)] },
    { jump: 'jne', to: '.Ldone' },
    // an entry: an armed thread, budget left, a number whose action is skip or count
    {
      asm: `cmp dword ptr [r8+${SLOT.state}], ${STATE.armed}`,
      bytes: [0x41, 0x83, 0x78, SLOT.state, STATE.armed],
    },
    { jump: 'jne', to: '.Ldone' },
    { asm: `cmp dword ptr ${at(CTL.budget)}, 0`, bytes: [0x83, 0x7b, CTL.budget, 0] },
    { jump: 'je', to: '.Ldone' },
    { asm: `mov rax, qword ptr ${at(info('nr'))}`, bytes: [0x48, 0x8b, 0x83, ...le32(info('nr'))] },
    { asm: `cmp rax, ${NRS}`, bytes: [0x48, 0x3d, ...le32(NRS)] },
    { jump: 'jae', to: '.Ldone' },
    {
      asm: `movzx edx, byte ptr [rbx+rax+${CTL.actions}]`,
      bytes: [0x0f, 0xb6, 0x94, 0x03, ...le32(CTL.actions)],
    },
    { asm: `cmp edx, ${ACTION.skip}`, bytes: [0x83, 0xfa, ACTION.skip] },
    { jump: 'je', to: '.Lskip' },
    { asm: `cmp edx, ${ACTION.count}`, bytes: [0x83, 0xfa, ACTION.count] },
    { jump: 'jne', to: '.Ldone' },
    { asm: `mov qword ptr [r8+${SLOT.nr}], rax`, bytes: [0x49, 0x89, 0x40, SLOT.nr] },
    { jump: 'call', to: '.Ltime' },
    { asm: `mov qword ptr [r8+${SLOT.start}], rax`, bytes: [0x49, 0x89, 0x40, SLOT.start] },
    {
      asm: `mov dword ptr [r8+${SLOT.state}], ${STATE.inCall}`,
      bytes: [0x41, 0xc7, 0x40, SLOT.state, ...le32(STATE.inCall)],
    },
    { jump: 'jmp', to: '.Lentered' },
    { label: '.Lskip' },
    {
      asm: `mov dword ptr [r8+${SLOT.state}], ${STATE.skipping}`,
      bytes: [0x41, 0xc7, 0x40, SLOT.state, ...le32(STATE.skipping)],
    },
    { label: '.Lentered' },
    { asm: `dec dword ptr ${at(CTL.budget)}`, bytes: [0xff, 0x4b, CTL.budget] },
    { jump: 'jmp', to: '.Lnext' },
    // an exit: of an untraced call, or of a counted one (its time, its row)
    { label: '.Lexit' },
    { asm: `mov edx, dword ptr [r8+${SLOT.state}]`, bytes: [0x41, 0x8b, 0x50, SLOT.state] },
    { asm: `cmp edx, ${STATE.skipping}`, bytes: [0x83, 0xfa, STATE.skipping] },
    { jump: 'je', to: '.Lexited' },
    { asm: `cmp edx, ${STATE.live}`, bytes: [0x83, 0xfa, STATE.live] },
    { jump: 'je', to: '.Lqueue' },
    { asm: `cmp edx, ${STATE.inCall}`, bytes: [0x83, 0xfa, STATE.inCall] },
    { jump: 'jne', to: '.Ldone' },
    { jump: 'call', to: '.Ltime' },
    { asm: `sub rax, qword ptr [r8+${SLOT.start}]`, bytes: [0x49, 0x2b, 0x40, SLOT.start] },
    { asm: `sub rax, qword ptr ${at(CTL.overhead)}`, bytes: [0x48, 0x2b, 0x43, CTL.overhead] },
    { jump: 'jae', to: '.Lkept' },
    { asm: 'xor eax, eax', bytes: [0x31, 0xc0] },
    { label: '.Lkept' },
    { asm: `imul rcx, qword ptr [r8+${SLOT.nr}], ${ROW_SIZE}`, bytes: [0x49, 0x6b, 0x48, SLOT.nr, ROW_SIZE] },
    { asm: `lea rdi, [rbx+rcx+${CTL.counts}]`, bytes: [0x48, 0x8d, 0xbc, 0x0b, ...le32(CTL.counts)] },
    { asm: 'inc qword ptr [rdi]', bytes: [0x48, 0xff, 0x07] },
    // an error is a result in -4095..-1, as the JavaScript count reads it
    { asm: `mov rcx, qword ptr ${at(info('rval'))}`, bytes: [0x48, 0x8b, 0x8b, ...le32(info('rval'))] },
    { asm: 'add rcx, 4095', bytes: [0x48, 0x81, 0xc1, ...le32(4095)] },
    { asm: 'cmp rcx, 4095', bytes: [0x48, 0x81, 0xf9, ...le32(4095)] },
    { jump: 'jae', to: '.Lcounted' },
    { asm: `inc qword ptr [rdi+${ROW.errors}]`, bytes: [0x48, 0xff, 0x47, ROW.errors] },
    { label: '.Lcounted' },
    { asm: `add qword ptr [rdi+${ROW.total}], rax`, bytes: [0x48, 0x01, 0x47, ROW.total] },
    { asm: `cmp rax, qword ptr [rdi+${ROW.min}]`, bytes: [0x48, 0x3b, 0x47, ROW.min] },
    { jump: 'jae', to: '.Lnotmin' },
    { asm: `mov qword ptr [rdi+${ROW.min}], rax`, bytes: [0x48, 0x89, 0x47, ROW.min] },
    { label: '.Lnotmin' },
    { asm: `cmp rax, qword ptr [rdi+${ROW.max}]`, bytes: [0x48, 0x3b, 0x47, ROW.max] },
    { jump: 'jbe', to: '.Lexited' },
    { asm: `mov qword ptr [rdi+${ROW.max}], rax`, bytes: [0x48, 0x89, 0x47, ROW.max] },
    { label: '.Lexited' },
    {
      asm: `mov dword ptr [r8+${SLOT.state}], ${STATE.armed}`,
      bytes: [0x41, 0xc7, 0x40, SLOT.state, ...le32(STATE.armed)],
    },
    // the thread's resume, held to the loop's top as the JavaScript side holds its own
    { label: '.Lnext' },
    { asm: `mov dword ptr ${at(CTL.request)}, ${k.syscall}`, bytes: [0xc7, 0x03, ...le32(k.syscall)] },
    { label: '.Lheld' },
    { asm: `mov eax, dword ptr ${at(CTL.waited)}`, bytes: [0x8b, 0x43, CTL.waited] },
    { asm: `mov dword ptr ${at(CTL.tid)}, eax`, bytes: [0x89, 0x43, CTL.tid] },
    { asm: `mov dword ptr ${at(CTL.data)}, 0`, bytes: [0xc7, 0x43, CTL.data, 0, 0, 0, 0] },
    { asm: `inc qword ptr ${at(CTL.handled)}`, bytes: [0x48, 0xff, 0x43, CTL.handled] },
    { jump: 'jmp', to: '.Lresume' },
    // a live call's exit: its thread and return queued (the tracer prints it at its next return; no clock is read,
    // as its line shows no time), the slot freed; a full queue returns the stop instead
    { label: '.Lqueue' },
    { asm: `cmp dword ptr ${at(CTL.queued)}, ${QUEUED}`, bytes: [0x83, 0x7b, CTL.queued, b8(QUEUED)] },
    { jump: 'jae', to: '.Ldone' },
    { asm: `mov ecx, dword ptr ${at(CTL.queued)}`, bytes: [0x8b, 0x4b, CTL.queued] },
    { asm: `shl ecx, ${Math.log2(QUEUE_SIZE)}`, bytes: [0xc1, 0xe1, Math.log2(QUEUE_SIZE)] },
    { asm: `lea rdi, [rbx+rcx+${CTL.queue}]`, bytes: [0x48, 0x8d, 0xbc, 0x0b, ...le32(CTL.queue)] },
    { asm: 'mov dword ptr [rdi], eax', bytes: [0x89, 0x07] },
    { asm: `mov rcx, qword ptr ${at(info('rval'))}`, bytes: [0x48, 0x8b, 0x8b, ...le32(info('rval'))] },
    { asm: `mov qword ptr [rdi+${QUEUE.rval}], rcx`, bytes: [0x48, 0x89, 0x4f, QUEUE.rval] },
    { asm: `inc dword ptr ${at(CTL.queued)}`, bytes: [0xff, 0x43, CTL.queued] },
    // the slot as the tracer leaves a thread between calls (armed, or free), and the thread resumed as it resumes
    // one (PTRACE_CONT under the tracing filter)
    { asm: `mov ecx, dword ptr ${at(CTL.liveState)}`, bytes: [0x8b, 0x8b, ...le32(CTL.liveState)] },
    { asm: `mov dword ptr [r8+${SLOT.state}], ecx`, bytes: [0x41, 0x89, 0x48, SLOT.state] },
    { asm: `mov ecx, dword ptr ${at(CTL.liveRequest)}`, bytes: [0x8b, 0x8b, ...le32(CTL.liveRequest)] },
    { asm: `mov dword ptr ${at(CTL.request)}, ecx`, bytes: [0x89, 0x0b] },
    { jump: 'jmp', to: '.Lheld' },
    // a seccomp stop (-e trace= with the filter): its info read here too, which saves the tracer a call of its own;
    // its op (PTRACE_SYSCALL_INFO_SECCOMP) is neither entry nor exit, so it always returns
    { label: '.Lseccomp' },
    { asm: `mov ecx, dword ptr ${at(CTL.status)}`, bytes: [0x8b, 0x4b, CTL.status] },
    { asm: 'and ecx, 0xffffff', bytes: [0x81, 0xe1, ...le32(0xffffff)] },
    { asm: `cmp ecx, ${hex(k.seccompStop)}`, bytes: [0x81, 0xf9, ...le32(k.seccompStop)] },
    { jump: 'je', to: '.Linfo' },
    { label: '.Ldone' },
    { asm: `mov rax, qword ptr ${at(CTL.waited)}`, bytes: [0x48, 0x8b, 0x43, CTL.waited] },
    { asm: 'pop rbx', bytes: [0x5b] },
    { asm: 'ret', bytes: [0xc3] },
    // rax = the counted clock in ns: the wait's ru_stime (struct timeval at rusage+16), or CLOCK_MONOTONIC
    { label: '.Ltime' },
    { asm: `cmp dword ptr ${at(CTL.clock)}, 0`, bytes: [0x83, 0x7b, CTL.clock, 0] },
    { jump: 'jne', to: '.Lmono' },
    { asm: `mov rcx, qword ptr ${at(CTL.rusage)}`, bytes: [0x48, 0x8b, 0x4b, CTL.rusage] },
    { asm: 'mov rax, qword ptr [rcx+16]', bytes: [0x48, 0x8b, 0x41, 16] },
    { asm: 'imul rax, rax, 1000000000', bytes: [0x48, 0x69, 0xc0, ...le32(1_000_000_000)] },
    { asm: 'mov rdx, qword ptr [rcx+24]', bytes: [0x48, 0x8b, 0x51, 24] },
    { asm: 'imul rdx, rdx, 1000', bytes: [0x48, 0x69, 0xd2, ...le32(1000)] },
    { asm: 'add rax, rdx', bytes: [0x48, 0x01, 0xd0] },
    { asm: 'ret', bytes: [0xc3] },
    { label: '.Lmono' },
    { asm: `mov edi, ${k.monotonic}`, bytes: [0xbf, ...le32(k.monotonic)] },
    { asm: `lea rsi, ${at(CTL.now)}`, bytes: [0x48, 0x8d, 0x73, CTL.now] },
    { asm: `mov eax, ${k.clockGettime}`, bytes: [0xb8, ...le32(k.clockGettime)] },
    { asm: 'syscall', bytes: [0x0f, 0x05] },
    { asm: `mov rax, qword ptr ${at(CTL.now)}`, bytes: [0x48, 0x8b, 0x43, CTL.now] },
    { asm: 'imul rax, rax, 1000000000', bytes: [0x48, 0x69, 0xc0, ...le32(1_000_000_000)] },
    { asm: `add rax, qword ptr ${at(CTL.now + 8)}`, bytes: [0x48, 0x03, 0x43, CTL.now + 8] },
    { asm: 'ret', bytes: [0xc3] },
  ];
}

/** A jump's length: rel8 (short) or rel32 (near); a call is always rel32. */
const jumpSize = (j: Jump, near: boolean): number => (j === 'call' ? 5 : !near ? 2 : j === 'jmp' ? 5 : 6);

/**
 * The routine's bytes. Jumps start short and those whose target is out of reach grow to rel32 until none
 * changes, as GNU as relaxes them, so both pick the same forms.
 */
export function assemble(lines: readonly Line[]): Uint8Array {
  const near = new Set<number>();
  const labels = new Map<string, number>();
  const target = (to: string): number => labels.get(to) ?? Number.NaN;
  for (;;) {
    labels.clear();
    const ends: number[] = [];
    let pc = 0;
    lines.forEach((l, i) => {
      if ('label' in l) labels.set(l.label, pc);
      pc += 'bytes' in l ? l.bytes.length : 'jump' in l ? jumpSize(l.jump, near.has(i)) : 0;
      ends.push(pc);
    });
    let grew = false;
    lines.forEach((l, i) => {
      if (!('jump' in l) || l.jump === 'call' || near.has(i)) return;
      const rel = target(l.to) - (ends[i] ?? 0);
      if (!(rel >= -128 && rel <= 127)) {
        near.add(i);
        grew = true;
      }
    });
    if (!grew) break;
  }
  const out: number[] = [];
  lines.forEach((l, i) => {
    if ('bytes' in l) out.push(...l.bytes);
    else if ('jump' in l) {
      const size = jumpSize(l.jump, near.has(i));
      const rel = target(l.to) - (out.length + size);
      if (Number.isNaN(rel)) throw new Error(`stop step: no label ${l.to}`);
      if (l.jump === 'call') out.push(0xe8, ...le32(rel));
      else if (size === 2) out.push(l.jump === 'jmp' ? 0xeb : JCC[l.jump], rel & 0xff);
      else if (l.jump === 'jmp') out.push(0xe9, ...le32(rel));
      else out.push(0x0f, JCC[l.jump] + 0x10, ...le32(rel));
    }
  });
  return Uint8Array.from(out);
}

/** The same lines as GNU assembler source (Intel syntax), for the test that checks every byte with `as`. */
export function assemblerText(lines: readonly Line[]): string {
  const text = lines.map((l) =>
    'asm' in l ? `  ${l.asm}` : 'label' in l ? `${l.label}:` : `  ${l.jump} ${l.to}`,
  );
  return ['.intel_syntax noprefix', ...text, ''].join('\n');
}
