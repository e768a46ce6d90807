// eBPF instruction encoding (include/uapi/linux/bpf.h, bpf_common.h): classes, sizes, modes, ALU and jump ops.
// test/engine/ebpf/asm.test.ts checks every value here against the pinned header in data/kernel.

export const CLASS = {
  LD: 0x00,
  LDX: 0x01,
  ST: 0x02,
  STX: 0x03,
  ALU: 0x04,
  JMP: 0x05,
  JMP32: 0x06,
  ALU64: 0x07,
} as const;
export const SIZE = { W: 0x00, H: 0x08, B: 0x10, DW: 0x18 } as const;
export const MODE = { IMM: 0x00, MEM: 0x60, ATOMIC: 0xc0 } as const;
export const SRC = { K: 0x00, X: 0x08 } as const;

export const ALU_OP = {
  add: 0x00,
  sub: 0x10,
  mul: 0x20,
  div: 0x30,
  or: 0x40,
  and: 0x50,
  lsh: 0x60,
  rsh: 0x70,
  mod: 0x90,
  xor: 0xa0,
  mov: 0xb0,
  arsh: 0xc0,
} as const;
export type AluOp = keyof typeof ALU_OP;

export const JMP_OP = {
  ja: 0x00,
  jeq: 0x10,
  jgt: 0x20,
  jge: 0x30,
  jset: 0x40,
  jne: 0x50,
  jsgt: 0x60,
  jsge: 0x70,
  call: 0x80,
  exit: 0x90,
  jlt: 0xa0,
  jle: 0xb0,
  jslt: 0xc0,
  jsle: 0xd0,
} as const;
export type JmpOp = Exclude<keyof typeof JMP_OP, 'call' | 'exit' | 'ja'>;

/** ld_imm64 with src_reg BPF_PSEUDO_MAP_FD: the immediate is a map fd the kernel replaces with the map. */
export const PSEUDO_MAP_FD = 1;

/** ld_imm64 with src_reg BPF_PSEUDO_FUNC: the immediate is the offset of a subprogram (a callback). */
export const PSEUDO_FUNC = 4;

/** Helper function ids (enum bpf_func_id), the ones vat's programs call. */
export const HELPER = {
  map_lookup_elem: 1,
  map_update_elem: 2,
  map_delete_elem: 3,
  ktime_get_ns: 5,
  get_smp_processor_id: 8,
  get_current_pid_tgid: 14,
  get_current_uid_gid: 15,
  get_current_task: 35,
  get_current_cgroup_id: 80,
  probe_read_user: 112,
  probe_read_kernel: 113,
  probe_read_user_str: 114,
  ringbuf_output: 130,
  loop: 181,
} as const;
export type Helper = keyof typeof HELPER;
