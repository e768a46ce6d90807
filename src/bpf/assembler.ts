// Classic BPF with symbolic labels: jumps name their targets and assemble() computes the offsets. A
// conditional jump has 8-bit offsets (at most 255 instructions ahead), so a far target is reached through a
// BPF_JA placed right after the jump, whose 32-bit offset reaches anywhere (libseccomp does the same).
import { BpfError } from './errors.js';
import { type CondOp, type Insn, jump, OP, stmt } from './insn.js';

/** A position in the program, placed once with place(). */
export class Label {
  constructor(readonly name = '') {}
}

type Item =
  | { readonly kind: 'insn'; readonly insn: Insn }
  | {
      readonly kind: 'jump';
      readonly code: number;
      readonly k: number;
      readonly jt: Label;
      readonly jf: Label;
    }
  | { readonly kind: 'ja'; readonly target: Label }
  | { readonly kind: 'label'; readonly label: Label };

type JumpItem = Extract<Item, { kind: 'jump' }>;

/** Which targets of a conditional jump go through a BPF_JA: bit 1 the true one, bit 2 the false one. */
type Far = 0 | 1 | 2 | 3;
const MAX_OFFSET = 0xff;
const sizeOf = (far: Far): number => 1 + (far & 1) + ((far & 2) >> 1);

export class Assembler {
  private readonly items: Item[] = [];

  label(name?: string): Label {
    return new Label(name);
  }

  place(label: Label): void {
    this.items.push({ kind: 'label', label });
  }

  emit(insn: Insn): void {
    this.items.push({ kind: 'insn', insn });
  }

  /** if (A op k) goto jt else goto jf; targets must come later (BPF only jumps forward). */
  jump(op: CondOp, k: number, jt: Label, jf: Label): void {
    // Same target both ways is an unconditional jump (and keeps the verifier-style checks simple).
    if (jt === jf) this.items.push({ kind: 'ja', target: jt });
    else this.items.push({ kind: 'jump', code: OP[op], k: k >>> 0, jt, jf });
  }

  ja(target: Label): void {
    this.items.push({ kind: 'ja', target });
  }

  /** The instructions, with offsets resolved and far conditional targets reached through BPF_JA. */
  assemble(): Insn[] {
    const items = dropJumpsToNext(this.items);
    const far = new Map<JumpItem, Far>();
    let pos = positions(items, far);
    for (;;) {
      let changed = false;
      for (const [item, at] of jumpsWithAddress(items, pos.addrOf)) {
        const current = far.get(item) ?? 0;
        const needed = (current |
          (distance(pos, at, item.jt) > MAX_OFFSET ? 1 : 0) |
          (distance(pos, at, item.jf) > MAX_OFFSET ? 2 : 0)) as Far;
        if (needed !== current) {
          far.set(item, needed);
          changed = true;
        }
      }
      // Expanding a jump only moves later code further away, so the far set only grows: this terminates.
      if (!changed) break;
      pos = positions(items, far);
    }
    return emit(items, far, pos);
  }
}

interface Layout {
  readonly labels: Map<Label, number>;
  readonly addrOf: Map<Item, number>;
  readonly length: number;
}

/** A BPF_JA to the very next instruction does nothing: leave it out. */
function dropJumpsToNext(items: readonly Item[]): Item[] {
  return items.filter((item, i) => {
    if (item.kind !== 'ja') return true;
    for (let j = i + 1; j < items.length; j++) {
      const next = items[j];
      if (next?.kind !== 'label') return true;
      if (next.label === item.target) return false;
    }
    return true;
  });
}

function positions(items: readonly Item[], far: ReadonlyMap<JumpItem, Far>): Layout {
  const labels = new Map<Label, number>();
  const addrOf = new Map<Item, number>();
  let addr = 0;
  for (const item of items) {
    if (item.kind === 'label') {
      if (labels.has(item.label)) throw new BpfError(`BPF label ${item.label.name || '?'} placed twice`);
      labels.set(item.label, addr);
      continue;
    }
    addrOf.set(item, addr);
    addr += item.kind === 'jump' ? sizeOf(far.get(item) ?? 0) : 1;
  }
  return { labels, addrOf, length: addr };
}

function* jumpsWithAddress(
  items: readonly Item[],
  addrOf: ReadonlyMap<Item, number>,
): Generator<[JumpItem, number]> {
  for (const item of items) if (item.kind === 'jump') yield [item, addrOf.get(item) ?? 0];
}

/** Instructions skipped to reach `label` from the instruction at `from` (the jump's own offset field). */
function distance(layout: Layout, from: number, label: Label): number {
  const to = layout.labels.get(label);
  if (to === undefined) throw new BpfError(`BPF label ${label.name || '?'} never placed`);
  if (to >= layout.length) throw new BpfError(`BPF label ${label.name || '?'} is past the last instruction`);
  const d = to - from - 1;
  if (d < 0) throw new BpfError(`BPF jump backwards to ${label.name || '?'} (BPF only jumps forward)`);
  return d;
}

function emit(items: readonly Item[], far: ReadonlyMap<JumpItem, Far>, layout: Layout): Insn[] {
  const out: Insn[] = [];
  for (const item of items) {
    const at = out.length;
    if (item.kind === 'insn') out.push(item.insn);
    else if (item.kind === 'ja') out.push(stmt(OP.ja, distance(layout, at, item.target)));
    else if (item.kind === 'jump') {
      const f = far.get(item) ?? 0;
      // Offsets are relative to the conditional jump; a BPF_JA sits at at+1 (and at+2 when both are far).
      const jt = f & 1 ? 0 : distance(layout, at, item.jt);
      const jf = f & 2 ? (f & 1 ? 1 : 0) : distance(layout, at, item.jf);
      out.push(jump(item.code, item.k, jt, jf));
      if (f & 1) out.push(stmt(OP.ja, distance(layout, at + 1, item.jt)));
      if (f & 2) out.push(stmt(OP.ja, distance(layout, out.length, item.jf)));
    }
  }
  return out;
}
