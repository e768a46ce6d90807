// An eBPF assembler: typed registers, labels resolved to jump offsets, map references and helper calls.
// Programs are written as TypeScript calls (a.mov(R0, 0); a.jeq(R1, 0, 'out'); a.label('out')) and
// encoded into the 8-byte instructions bpf(BPF_PROG_LOAD) takes.
import {
  ALU_OP,
  type AluOp,
  CLASS,
  HELPER,
  type Helper,
  JMP_OP,
  type JmpOp,
  MODE,
  PSEUDO_FUNC,
  PSEUDO_MAP_FD,
  SIZE,
  SRC,
} from './opcodes.js';

/** A register: R0 return value, R1-R5 arguments (clobbered by calls), R6-R9 callee-saved, R10 frame pointer. */
export type Reg = { readonly reg: number };
export const R0: Reg = { reg: 0 };
export const R1: Reg = { reg: 1 };
export const R2: Reg = { reg: 2 };
export const R3: Reg = { reg: 3 };
export const R4: Reg = { reg: 4 };
export const R5: Reg = { reg: 5 };
export const R6: Reg = { reg: 6 };
export const R7: Reg = { reg: 7 };
export const R8: Reg = { reg: 8 };
export const R9: Reg = { reg: 9 };
export const FP: Reg = { reg: 10 };

export type Size = keyof typeof SIZE;
/** A map as the program refers to it: its fd, patched into ld_imm64 by the loader's caller. */
export interface MapRef {
  readonly fd: number;
}

interface Insn {
  code: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
  /** Jump target, resolved at assembly. */
  target?: string;
}

const isReg = (v: Reg | number): v is Reg => typeof v === 'object';

export class AssemblyError extends Error {}

export class Assembler {
  private readonly insns: Insn[] = [];
  private readonly labels = new Map<string, number>();
  private fresh = 0;
  /** Subprograms asked for by ldFunc, emitted after the main program. */
  private readonly subprograms: { label: string; body: () => void }[] = [];

  /** A label name that no other call returns (for generated code emitted more than once). */
  newLabel(hint: string): string {
    return `${hint}#${this.fresh++}`;
  }

  label(name: string): this {
    if (this.labels.has(name)) throw new AssemblyError(`label '${name}' defined twice`);
    this.labels.set(name, this.insns.length);
    return this;
  }

  private push(i: Insn): this {
    this.insns.push(i);
    return this;
  }

  private alu(op: AluOp, dst: Reg, src: Reg | number, cls: number): this {
    return isReg(src)
      ? this.push({ code: cls | ALU_OP[op] | SRC.X, dst: dst.reg, src: src.reg, off: 0, imm: 0 })
      : this.push({ code: cls | ALU_OP[op] | SRC.K, dst: dst.reg, src: 0, off: 0, imm: src | 0 });
  }

  /** 64-bit ALU: dst = dst OP src. */
  op(op: AluOp, dst: Reg, src: Reg | number): this {
    return this.alu(op, dst, src, CLASS.ALU64);
  }
  /** 32-bit ALU (upper half of dst zeroed). */
  op32(op: AluOp, dst: Reg, src: Reg | number): this {
    return this.alu(op, dst, src, CLASS.ALU);
  }
  mov(dst: Reg, src: Reg | number): this {
    return this.op('mov', dst, src);
  }
  add(dst: Reg, src: Reg | number): this {
    return this.op('add', dst, src);
  }
  sub(dst: Reg, src: Reg | number): this {
    return this.op('sub', dst, src);
  }
  and(dst: Reg, src: Reg | number): this {
    return this.op('and', dst, src);
  }

  /** dst = 64-bit immediate (two instruction slots). */
  ld64(dst: Reg, value: bigint): this {
    const v = BigInt.asUintN(64, value);
    this.push({
      code: CLASS.LD | SIZE.DW | MODE.IMM,
      dst: dst.reg,
      src: 0,
      off: 0,
      imm: Number(BigInt.asIntN(32, v)),
    });
    return this.push({ code: 0, dst: 0, src: 0, off: 0, imm: Number(BigInt.asIntN(32, v >> 32n)) });
  }

  /** dst = pointer to the map (ld_imm64 with BPF_PSEUDO_MAP_FD). */
  ldMap(dst: Reg, map: MapRef): this {
    this.push({ code: CLASS.LD | SIZE.DW | MODE.IMM, dst: dst.reg, src: PSEUDO_MAP_FD, off: 0, imm: map.fd });
    return this.push({ code: 0, dst: 0, src: 0, off: 0, imm: 0 });
  }

  /**
   * dst = the address of a subprogram (ld_imm64 with BPF_PSEUDO_FUNC: a callback for bpf_loop) whose code
   * `body` emits, from its entry to its own exit; it is placed after the main program (assemble() emits it), as
   * the kernel wants: no jump may cross from one function into another.
   */
  ldFunc(dst: Reg, body: () => void): this {
    const label = this.newLabel('func');
    this.subprograms.push({ label, body });
    this.push({
      code: CLASS.LD | SIZE.DW | MODE.IMM,
      dst: dst.reg,
      src: PSEUDO_FUNC,
      off: 0,
      imm: 0,
      target: label,
    });
    return this.push({ code: 0, dst: 0, src: 0, off: 0, imm: 0 });
  }

  /** dst = *(size *)(src + off). */
  load(size: Size, dst: Reg, src: Reg, off: number): this {
    return this.push({ code: CLASS.LDX | SIZE[size] | MODE.MEM, dst: dst.reg, src: src.reg, off, imm: 0 });
  }
  /** *(size *)(dst + off) = src (a register or a 32-bit immediate). */
  store(size: Size, dst: Reg, off: number, src: Reg | number): this {
    return isReg(src)
      ? this.push({ code: CLASS.STX | SIZE[size] | MODE.MEM, dst: dst.reg, src: src.reg, off, imm: 0 })
      : this.push({ code: CLASS.ST | SIZE[size] | MODE.MEM, dst: dst.reg, src: 0, off, imm: src | 0 });
  }
  /** Atomic *(u64 *)(dst + off) += src. */
  atomicAdd(dst: Reg, off: number, src: Reg): this {
    return this.push({ code: CLASS.STX | SIZE.DW | MODE.ATOMIC, dst: dst.reg, src: src.reg, off, imm: 0 });
  }

  /** if (dst OP src) goto label; 64-bit compare. */
  jmp(op: JmpOp, dst: Reg, src: Reg | number, label: string): this {
    return isReg(src)
      ? this.push({
          code: CLASS.JMP | JMP_OP[op] | SRC.X,
          dst: dst.reg,
          src: src.reg,
          off: 0,
          imm: 0,
          target: label,
        })
      : this.push({
          code: CLASS.JMP | JMP_OP[op] | SRC.K,
          dst: dst.reg,
          src: 0,
          off: 0,
          imm: src | 0,
          target: label,
        });
  }
  ja(label: string): this {
    return this.push({ code: CLASS.JMP | JMP_OP.ja, dst: 0, src: 0, off: 0, imm: 0, target: label });
  }
  call(helper: Helper): this {
    return this.push({ code: CLASS.JMP | JMP_OP.call, dst: 0, src: 0, off: 0, imm: HELPER[helper] });
  }
  exit(): this {
    return this.push({ code: CLASS.JMP | JMP_OP.exit, dst: 0, src: 0, off: 0, imm: 0 });
  }

  get length(): number {
    return this.insns.length;
  }

  /** Emits the subprograms (and those they ask for), resolves labels and encodes: 8 bytes per instruction. */
  assemble(): Uint8Array {
    for (let f = this.subprograms.shift(); f; f = this.subprograms.shift()) {
      this.label(f.label);
      f.body();
    }
    const out = new Uint8Array(this.insns.length * 8);
    const v = new DataView(out.buffer);
    this.insns.forEach((insn, pc) => {
      let off = insn.off;
      let imm = insn.imm;
      if (insn.target !== undefined) {
        const at = this.labels.get(insn.target);
        if (at === undefined) throw new AssemblyError(`jump to undefined label '${insn.target}'`);
        // a subprogram's address is an immediate (relative like a jump's), a jump's target its offset
        if (insn.src === PSEUDO_FUNC && insn.code === (CLASS.LD | SIZE.DW | MODE.IMM)) imm = at - pc - 1;
        else off = at - pc - 1;
        if (off < -32768 || off > 32767) throw new AssemblyError(`jump to '${insn.target}' out of range`);
      }
      v.setUint8(pc * 8, insn.code);
      v.setUint8(pc * 8 + 1, ((insn.src & 0xf) << 4) | (insn.dst & 0xf));
      v.setInt16(pc * 8 + 2, off, true);
      v.setInt32(pc * 8 + 4, imm, true);
    });
    return out;
  }
}
