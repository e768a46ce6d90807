// Decides which target a syscall number goes to: a balanced binary search (BPF_JGE) over sorted number
// ranges, ending in short BPF_JEQ chains, so a filter of n entries runs O(log n) compares and has O(n)
// instructions. Pure: it builds a decision tree; seccomp-layout.ts turns the tree into instructions.

/** Numbers first..last (inclusive, unsigned 32-bit) go to `target`. */
export interface NumberRange<T> {
  readonly first: number;
  readonly last: number;
  readonly target: T;
}

export type Decision<T> =
  | { readonly kind: 'leaf'; readonly target: T }
  | {
      readonly kind: 'test';
      readonly op: 'jeq' | 'jge' | 'jgt';
      readonly k: number;
      readonly then: Decision<T>;
      readonly else: Decision<T>;
      /** Test nodes in this subtree: the instructions it needs before long jumps and targets. */
      readonly size: number;
    };

/** Points this many or fewer are tested one after the other: n compares beat 2n-1 for a search tree. */
const CHAIN = 4;
const U32_MAX = 0xffffffff;

const leaf = <T>(target: T): Decision<T> => ({ kind: 'leaf', target });
const size = <T>(d: Decision<T>): number => (d.kind === 'test' ? d.size : 0);
const test = <T>(
  op: 'jeq' | 'jge' | 'jgt',
  k: number,
  then: Decision<T>,
  otherwise: Decision<T>,
): Decision<T> => ({
  kind: 'test',
  op,
  k,
  then,
  else: otherwise,
  size: 1 + size(then) + size(otherwise),
});

/**
 * Merges numbers into sorted ranges: neighbours with the same target (compared with ===) become one range.
 * Entries whose target is `fallback` are dropped: the search sends every unlisted number there anyway.
 */
export function toRanges<T>(entries: Iterable<readonly [number, T]>, fallback: T): NumberRange<T>[] {
  const sorted = [...entries].filter(([, t]) => t !== fallback).sort(([a], [b]) => a - b);
  const ranges: NumberRange<T>[] = [];
  for (const [nr, target] of sorted) {
    const prev = ranges[ranges.length - 1];
    if (prev && prev.last + 1 === nr && prev.target === target) {
      ranges[ranges.length - 1] = { ...prev, last: nr };
    } else {
      ranges.push({ first: nr, last: nr, target });
    }
  }
  return ranges;
}

/**
 * The decision tree for sorted, disjoint ranges; numbers outside every range go to `fallback`. `low` and
 * `high` bound what the accumulator can hold here, so tests already implied by them are left out.
 */
export function searchTree<T>(
  ranges: readonly NumberRange<T>[],
  fallback: T,
  low = 0,
  high = U32_MAX,
): Decision<T> {
  if (ranges.length === 0) return leaf(fallback);
  if (ranges.length <= CHAIN && ranges.length > 1 && ranges.every((r) => r.first === r.last)) {
    return ranges.reduceRight<Decision<T>>(
      (rest, r) => test('jeq', r.first, leaf(r.target), rest),
      leaf(fallback),
    );
  }
  if (ranges.length === 1) return oneRange(ranges[0] as NumberRange<T>, fallback, low, high);
  // Split in the middle by count: both halves are searched with half the entries (a balanced tree).
  const mid = ranges.length >> 1;
  const pivot = (ranges[mid] as NumberRange<T>).first;
  return test(
    'jge',
    pivot,
    searchTree(ranges.slice(mid), fallback, pivot, high),
    searchTree(ranges.slice(0, mid), fallback, low, pivot - 1),
  );
}

/** One range within known bounds: 0, 1 or 2 compares. */
function oneRange<T>(r: NumberRange<T>, fallback: T, low: number, high: number): Decision<T> {
  const coversLow = r.first <= low;
  const coversHigh = r.last >= high;
  if (coversLow && coversHigh) return leaf(r.target);
  if (coversLow) return test('jgt', r.last, leaf(fallback), leaf(r.target));
  if (coversHigh) return test('jge', r.first, leaf(r.target), leaf(fallback));
  if (r.first === r.last) return test('jeq', r.first, leaf(r.target), leaf(fallback));
  return test('jge', r.first, test('jgt', r.last, leaf(fallback), leaf(r.target)), leaf(fallback));
}

/** Follows the tree for one number (what the BPF code computes; used by tests and `vat seccomp` checks). */
export function decide<T>(tree: Decision<T>, nr: number): T {
  let node = tree;
  while (node.kind === 'test') {
    const hit = node.op === 'jeq' ? nr === node.k : node.op === 'jge' ? nr >= node.k : nr > node.k;
    node = hit ? node.then : node.else;
  }
  return node.target;
}

/** The most compares any number goes through. */
export function depth<T>(tree: Decision<T>): number {
  return tree.kind === 'leaf' ? 0 : 1 + Math.max(depth(tree.then), depth(tree.else));
}
