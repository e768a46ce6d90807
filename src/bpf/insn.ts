// The classic BPF instruction (struct sock_filter in linux/filter.h) and its 8-byte wire form.
import { BPF_ALU_OP, BPF_CLASS, BPF_JMP_OP, BPF_MODE, BPF_RVAL, BPF_SIZE, BPF_SRC } from './consts.js';
import { BpfError } from './errors.js';

/** One sock_filter: 16-bit opcode, 8-bit jump-if-true/false offsets, 32-bit operand. */
export interface Insn {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** sizeof(struct sock_filter): u16 code, u8 jt, u8 jf, u32 k, no padding. */
export const INSN_SIZE = 8;

/** The opcodes a seccomp filter compiler needs, composed from the header's field values. */
export const OP = {
  ldW: BPF_CLASS.BPF_LD | BPF_SIZE.BPF_W | BPF_MODE.BPF_ABS,
  ja: BPF_CLASS.BPF_JMP | BPF_JMP_OP.BPF_JA,
  jeq: BPF_CLASS.BPF_JMP | BPF_JMP_OP.BPF_JEQ | BPF_SRC.BPF_K,
  jgt: BPF_CLASS.BPF_JMP | BPF_JMP_OP.BPF_JGT | BPF_SRC.BPF_K,
  jge: BPF_CLASS.BPF_JMP | BPF_JMP_OP.BPF_JGE | BPF_SRC.BPF_K,
  jset: BPF_CLASS.BPF_JMP | BPF_JMP_OP.BPF_JSET | BPF_SRC.BPF_K,
  and: BPF_CLASS.BPF_ALU | BPF_ALU_OP.BPF_AND | BPF_SRC.BPF_K,
  ret: BPF_CLASS.BPF_RET | BPF_RVAL.BPF_K,
} as const;

/** A conditional jump on A against the constant k. */
export type CondOp = 'jeq' | 'jgt' | 'jge' | 'jset';

const U8 = 0xff;
const U16 = 0xffff;

function checked(code: number, jt: number, jf: number, k: number): Insn {
  if (!Number.isInteger(code) || code < 0 || code > U16) throw new BpfError(`bad BPF opcode ${code}`);
  for (const off of [jt, jf]) {
    // Conditional offsets are 8 bits: the assembler turns longer ones into BPF_JA.
    if (!Number.isInteger(off) || off < 0 || off > U8) throw new BpfError(`jump offset ${off} out of 0..255`);
  }
  if (!Number.isInteger(k) || k < -0x80000000 || k > 0xffffffff) {
    throw new BpfError(`BPF operand ${k} not 32-bit`);
  }
  return { code, jt, jf, k: k >>> 0 };
}

/** BPF_STMT(code, k). */
export const stmt = (code: number, k: number): Insn => checked(code, 0, 0, k);

/** BPF_JUMP(code, k, jt, jf). */
export const jump = (code: number, k: number, jt: number, jf: number): Insn => checked(code, jt, jf, k);

/** The program as the kernel reads it through sock_fprog.filter: little-endian sock_filter records. */
export function encodeProgram(insns: readonly Insn[]): Uint8Array {
  const bytes = new Uint8Array(insns.length * INSN_SIZE);
  const view = new DataView(bytes.buffer);
  insns.forEach((insn, i) => {
    const at = i * INSN_SIZE;
    view.setUint16(at, insn.code, true);
    view.setUint8(at + 2, insn.jt);
    view.setUint8(at + 3, insn.jf);
    view.setUint32(at + 4, insn.k >>> 0, true);
  });
  return bytes;
}

/** Reads sock_filter records back (for disassembling a filter saved to a file). */
export function decodeProgram(bytes: Uint8Array): Insn[] {
  if (bytes.length % INSN_SIZE !== 0) {
    throw new BpfError(`${bytes.length} bytes is not a whole number of sock_filter`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const insns: Insn[] = [];
  for (let at = 0; at < bytes.length; at += INSN_SIZE) {
    insns.push({
      code: view.getUint16(at, true),
      jt: view.getUint8(at + 2),
      jf: view.getUint8(at + 3),
      k: view.getUint32(at + 4, true),
    });
  }
  return insns;
}
