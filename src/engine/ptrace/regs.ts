// x86_64 struct user_regs_struct: offsets of the registers vat reads or rewrites (arch/x86/include/asm/user_64.h).

export const REGS_SIZE = 27 * 8;
export const REG = {
  rbp: 4 * 8,
  rbx: 5 * 8,
  r10: 7 * 8,
  r9: 8 * 8,
  r8: 9 * 8,
  rax: 10 * 8,
  rcx: 11 * 8,
  rdx: 12 * 8,
  rsi: 13 * 8,
  rdi: 14 * 8,
  orig_rax: 15 * 8,
  rip: 16 * 8,
  cs: 17 * 8,
  rsp: 19 * 8,
} as const;
