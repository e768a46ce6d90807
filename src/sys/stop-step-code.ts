// The stop step's machine code: x86-64 instructions written as bytes (no compiler on users' machines), each
// beside the GNU assembler line it encodes; test/sys/stop-step-code.test.ts assembles those lines with `as` and
// compares. The routine makes raw syscalls only (no libc, no stack use beyond one saved register).
//
//   int vat_stop_step(void)   // the control block's address is an immediate of the code
//     if (ctl.request) { ctl.resumed = ptrace(ctl.request, ctl.tid, 0, ctl.data); ctl.request = 0; }
//     ctl.waited = wait4(-1, &ctl.status, ctl.options, ctl.rusage);
//     ctl.infoResult = 0;
//     if (ctl.waited > 0 && (ctl.status & 0xffff) == syscallStop)
//       ctl.infoResult = ptrace(PTRACE_GET_SYSCALL_INFO, ctl.waited, 128, &ctl.info);
//     return ctl.waited;      // results are the kernel's: a value, or -errno
//
// System V calling convention: rbx is the callee's to save; rax, rcx, rdx, rsi, rdi, r8-r11 are the caller's.
// The syscall instruction takes its number in eax and arguments in rdi, rsi, rdx, r10; it clobbers rcx and r11.

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
  /** out: struct ptrace_syscall_info, INFO_SIZE bytes. */
  info: 128,
  size: 256,
} as const;

export const INFO_SIZE = 128;

/** The kernel's numbers the routine uses, from vat's generated tables (sys/ sits below them). */
export interface StepNumbers {
  /** __NR_ptrace and __NR_wait4 on x86_64. */
  readonly ptrace: number;
  readonly wait4: number;
  /** PTRACE_GET_SYSCALL_INFO. */
  readonly getSyscallInfo: number;
  /** The low 16 bits of a syscall stop's wait status under PTRACE_O_TRACESYSGOOD: (SIGTRAP | 0x80) << 8 | 0x7f. */
  readonly syscallStop: number;
}

/** One line of the routine: an instruction's bytes and its assembler text, a label, or a short jump to one. */
type Line =
  | { readonly asm: string; readonly bytes: readonly number[] }
  | { readonly label: string }
  | { readonly jump: 'je' | 'jne' | 'jle'; readonly to: string };

/** jcc rel8 opcodes. */
const JCC = { je: 0x74, jne: 0x75, jle: 0x7e } as const;

const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const le64 = (n: bigint): number[] => [...le32(Number(n & 0xffffffffn)), ...le32(Number(n >> 32n))];
const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

/** The routine's lines, for a control block at `ctl`. */
export function stopStepLines(ctl: bigint, k: StepNumbers): Line[] {
  const at = (off: number): string => (off === 0 ? '[rbx]' : `[rbx+${off}]`);
  return [
    { asm: 'push rbx', bytes: [0x53] },
    { asm: `movabs rbx, ${hex(ctl)}`, bytes: [0x48, 0xbb, ...le64(ctl)] },
    // the previous stop's resume, when one is pending
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
    { jump: 'jne', to: '.Ldone' },
    { asm: 'mov esi, eax', bytes: [0x89, 0xc6] },
    { asm: `mov edi, ${hex(k.getSyscallInfo)}`, bytes: [0xbf, ...le32(k.getSyscallInfo)] },
    { asm: `mov edx, ${INFO_SIZE}`, bytes: [0xba, ...le32(INFO_SIZE)] },
    { asm: `lea r10, ${at(CTL.info)}`, bytes: [0x4c, 0x8d, 0x93, ...le32(CTL.info)] },
    { asm: `mov eax, ${k.ptrace}`, bytes: [0xb8, ...le32(k.ptrace)] },
    { asm: 'syscall', bytes: [0x0f, 0x05] },
    { asm: `mov qword ptr ${at(CTL.infoResult)}, rax`, bytes: [0x48, 0x89, 0x43, CTL.infoResult] },
    { label: '.Ldone' },
    { asm: `mov rax, qword ptr ${at(CTL.waited)}`, bytes: [0x48, 0x8b, 0x43, CTL.waited] },
    { asm: 'pop rbx', bytes: [0x5b] },
    { asm: 'ret', bytes: [0xc3] },
  ];
}

const size = (l: Line): number => ('bytes' in l ? l.bytes.length : 'jump' in l ? 2 : 0);

/** The routine's bytes: short jumps resolved to their labels. */
export function assemble(lines: readonly Line[]): Uint8Array {
  const labels = new Map<string, number>();
  let pc = 0;
  for (const l of lines) {
    if ('label' in l) labels.set(l.label, pc);
    pc += size(l);
  }
  const out: number[] = [];
  for (const l of lines) {
    if ('bytes' in l) out.push(...l.bytes);
    else if ('jump' in l) {
      const rel = (labels.get(l.to) ?? Number.NaN) - (out.length + 2);
      if (!(rel >= -128 && rel <= 127)) throw new Error(`stop step: jump to ${l.to} out of reach`);
      out.push(JCC[l.jump], rel & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** The same lines as GNU assembler source (Intel syntax), for the test that checks every byte with `as`. */
export function assemblerText(lines: readonly Line[]): string {
  const text = lines.map((l) =>
    'asm' in l ? `  ${l.asm}` : 'label' in l ? `${l.label}:` : `  ${l.jump} ${l.to}`,
  );
  return ['.intel_syntax noprefix', ...text, ''].join('\n');
}
