// A program with subprograms (bpf_loop's callbacks) must name each function's type in BTF (the kernel refuses
// "missing btf func_info"): one small BTF object, made once per process, gives every main program and every callback
// a static function type; func_info maps each function's first instruction to its type.
import { CLASS, MODE, PSEUDO_FUNC, SIZE } from './asm/opcodes.js';

/** BTF kinds (include/uapi/linux/btf.h). */
const KIND = { int: 1, ptr: 2, func: 12, funcProto: 13 } as const;
const BTF_MAGIC = 0xeb9f;
const BTF_INT_SIGNED = 1;
const HEADER = 24;

/** Type ids in the BTF below: the main program's function and a callback's. */
export const FUNC_TYPE = { main: 5, callback: 6 } as const;
/** struct bpf_func_info: insn_off, type_id. */
export const FUNC_INFO_SIZE = 8;

/**
 * The BTF: long; void *; long (void *ctx); long (long i, void *ctx); the functions vat_main and vat_loop (static).
 * A static function's types are not checked against its use; they only have to be well formed.
 */
export function functionsBtf(): Uint8Array {
  const names = ['', 'long', 'ctx', 'i', 'vat_main', 'vat_loop'];
  const at = new Map<string, number>();
  let strLen = 0;
  for (const n of names) {
    at.set(n, strLen);
    strLen += n.length + 1;
  }
  const name = (n: string): number => at.get(n) ?? 0;
  const info = (kind: number, vlen = 0): number => (kind << 24) | vlen;
  const types = [
    // 1: long
    [name('long'), info(KIND.int), 8, (BTF_INT_SIGNED << 24) | 64],
    // 2: void *
    [0, info(KIND.ptr), 0],
    // 3: long (void *ctx)
    [0, info(KIND.funcProto, 1), 1, name('ctx'), 2],
    // 4: long (long i, void *ctx)
    [0, info(KIND.funcProto, 2), 1, name('i'), 1, name('ctx'), 2],
    // 5, 6: the functions (linkage 0: static)
    [name('vat_main'), info(KIND.func), 3],
    [name('vat_loop'), info(KIND.func), 4],
  ].flat();
  const typeLen = types.length * 4;
  const out = new Uint8Array(HEADER + typeLen + strLen);
  const v = new DataView(out.buffer);
  v.setUint16(0, BTF_MAGIC, true);
  v.setUint8(2, 1); // version
  v.setUint32(4, HEADER, true);
  v.setUint32(8, 0, true); // type_off
  v.setUint32(12, typeLen, true);
  v.setUint32(16, typeLen, true); // str_off
  v.setUint32(20, strLen, true);
  types.forEach((word, i) => {
    v.setUint32(HEADER + i * 4, word >>> 0, true);
  });
  out.set(new TextEncoder().encode(names.map((n) => `${n}\0`).join('')), HEADER + typeLen);
  return out;
}

/**
 * The first instruction of each subprogram of `code` (the targets of its BPF_PSEUDO_FUNC loads), ascending; empty
 * for a program without any. Read from the code, so cached programs need no more than their bytes.
 */
export function subprogramStarts(code: Uint8Array): number[] {
  const v = new DataView(code.buffer, code.byteOffset, code.byteLength);
  const starts = new Set<number>();
  const n = code.length / 8;
  for (let pc = 0; pc + 1 < n; pc++) {
    if (v.getUint8(pc * 8) !== (CLASS.LD | SIZE.DW | MODE.IMM)) continue;
    if (v.getUint8(pc * 8 + 1) >> 4 === PSEUDO_FUNC) starts.add(pc + v.getInt32(pc * 8 + 4, true) + 1);
    pc++; // the second half of the 16-byte instruction
  }
  return [...starts].sort((x, y) => x - y);
}

/** func_info records: the main program at 0, a callback at each start. */
export function funcInfo(starts: readonly number[]): Uint8Array {
  const out = new Uint8Array((starts.length + 1) * FUNC_INFO_SIZE);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0, true);
  v.setUint32(4, FUNC_TYPE.main, true);
  starts.forEach((pc, i) => {
    v.setUint32((i + 1) * FUNC_INFO_SIZE, pc, true);
    v.setUint32((i + 1) * FUNC_INFO_SIZE + 4, FUNC_TYPE.callback, true);
  });
  return out;
}
