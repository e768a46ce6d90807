// Where a syscall number's search ends: a return value, or an argument test that then returns. Targets are
// interned, so two numbers with the same outcome share one object and merge into one range.
import { type ArgMatch, emitArgMatch } from './arg-match.js';
import type { Assembler, Label } from './assembler.js';
import { OP, stmt } from './insn.js';

export interface RetTarget {
  readonly kind: 'ret';
  readonly value: number;
}

export interface RuleTarget {
  readonly kind: 'rule';
  readonly match: ArgMatch;
  readonly yes: RetTarget;
  readonly no: RetTarget;
}

export type Target = RetTarget | RuleTarget;

export class Targets {
  private readonly interned = new Map<string, Target>();

  ret(value: number): RetTarget {
    return this.intern(`ret ${value >>> 0}`, { kind: 'ret', value: value >>> 0 });
  }

  rule(match: ArgMatch, yes: RetTarget, no: RetTarget): RuleTarget {
    const values = match.anyOf.map((v) => BigInt(v).toString()).join(',');
    const key = `rule ${match.arg} ${match.width ?? 64} ${values} ${yes.value} ${no.value}`;
    return this.intern(key, { kind: 'rule', match, yes, no });
  }

  private intern<T extends Target>(key: string, fresh: T): T {
    const hit = this.interned.get(key);
    if (hit) return hit as T;
    this.interned.set(key, fresh);
    return fresh;
  }
}

/**
 * The blocks a stretch of code jumps to, emitted together after it: kept near their users, so most jumps
 * fit the 8-bit offsets. Each target is emitted once per pool, and only if something jumps to it (the
 * kernel does not mind dead code, but a reviewer of the listing would).
 */
export class TargetPool {
  private readonly labels = new Map<Target, Label>();
  private flushed = false;

  constructor(private readonly asm: Assembler) {}

  label(target: Target): Label {
    if (this.flushed) throw new Error('target pool already emitted');
    let label = this.labels.get(target);
    if (!label) {
      label = this.asm.label(target.kind);
      this.labels.set(target, label);
    }
    return label;
  }

  /** Argument tests first (they add their return targets to this pool), then the returns. */
  flush(): void {
    for (const [target, label] of [...this.labels]) {
      if (target.kind !== 'rule') continue;
      this.asm.place(label);
      emitArgMatch(this.asm, target.match, this.label(target.yes), this.label(target.no));
    }
    for (const [target, label] of this.labels) {
      if (target.kind !== 'ret') continue;
      this.asm.place(label);
      this.asm.emit(stmt(OP.ret, target.value));
    }
    this.flushed = true;
  }
}
