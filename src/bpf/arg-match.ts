// Code for one argument test: seccomp_data.args[i] equal to one of a few values. Classic BPF compares
// 32 bits at a time, so a 64-bit value is its high word, then its low word (x86 is little-endian: the
// low word comes first in memory).
import type { Assembler, Label } from './assembler.js';
import { argOffset, SECCOMP_DATA } from './consts.js';
import { BpfError } from './errors.js';
import { OP, stmt } from './insn.js';

export interface ArgMatch {
  /** Argument index, 0..5. */
  readonly arg: number;
  /** The argument matches when it equals any of these (negative numbers as the C caller's two's complement). */
  readonly anyOf: readonly (number | bigint)[];
  /**
   * 64 (default) compares the whole register. 32 compares the low word only: right for an `int` argument,
   * which the kernel truncates, so a caller cannot slip past an equality rule by setting the high bits.
   */
  readonly width?: 32 | 64;
}

const ARGS = (SECCOMP_DATA.SECCOMP_DATA_SIZE - SECCOMP_DATA.SECCOMP_DATA_ARGS) / 8;

/** The values as unsigned words, grouped by high word (all 0 for width 32), sorted and deduplicated. */
function byHighWord(match: ArgMatch): Map<number, number[]> {
  if (!Number.isInteger(match.arg) || match.arg < 0 || match.arg >= ARGS) {
    throw new BpfError(`argument index ${match.arg} out of 0..${ARGS - 1}`);
  }
  if (match.anyOf.length === 0) throw new BpfError('an argument rule needs at least one value');
  const width = match.width ?? 64;
  const groups = new Map<number, Set<number>>();
  for (const value of match.anyOf) {
    const v = BigInt(value);
    if (v < -(1n << BigInt(width - 1)) || v >= 1n << BigInt(width)) {
      throw new BpfError(`argument value ${v} does not fit ${width} bits`);
    }
    const u = BigInt.asUintN(64, v);
    const high = width === 32 ? 0 : Number(u >> 32n);
    const set = groups.get(high) ?? new Set<number>();
    set.add(Number(u & 0xffffffffn));
    groups.set(high, set);
  }
  return new Map(
    [...groups].sort(([a], [b]) => a - b).map(([h, lows]) => [h, [...lows].sort((a, b) => a - b)]),
  );
}

/** if (A == v0) goto to[0] else if (A == v1) goto to[1] ... else goto no: one BPF_JEQ per value. */
function jeqChain(asm: Assembler, values: readonly number[], to: (i: number) => Label, no: Label): void {
  for (const [i, v] of values.entries()) {
    const last = i === values.length - 1;
    const next = last ? no : asm.label();
    asm.jump('jeq', v, to(i), next);
    if (!last) asm.place(next);
  }
}

/** Emits the test at the current position; it clobbers the accumulator. */
export function emitArgMatch(asm: Assembler, match: ArgMatch, yes: Label, no: Label): void {
  const groups = [...byHighWord(match)];
  const low = argOffset(match.arg);
  if ((match.width ?? 64) === 32) {
    asm.emit(stmt(OP.ldW, low));
    jeqChain(asm, groups[0]?.[1] ?? [], () => yes, no);
    return;
  }
  // High word first: it picks the group of low words to compare.
  const starts = groups.map(() => asm.label());
  asm.emit(stmt(OP.ldW, low + 4));
  jeqChain(
    asm,
    groups.map(([high]) => high),
    (i) => starts[i] as Label,
    no,
  );
  groups.forEach(([, lows], i) => {
    asm.place(starts[i] as Label);
    asm.emit(stmt(OP.ldW, low));
    jeqChain(asm, lows, () => yes, no);
  });
}
