// Lays a number-search tree out as instructions: each test is followed by its "else" subtree, then its
// "then" subtree. Subtrees of up to CHUNK tests get their own pool of return blocks right after them, so
// their jumps to a return stay within the 8-bit offset; only the few tests above them need long jumps.
import type { Assembler, Label } from './assembler.js';
import type { Decision } from './number-search.js';
import { type Target, TargetPool } from './targets.js';

type Test = Extract<Decision<Target>, { kind: 'test' }>;

/** Tests per chunk: with its pool (a few returns, small argument tests) it stays within 255 instructions. */
const CHUNK = 160;

/** Emits the search at the current position; its own returns go into `pool` (or chunk pools). */
export function emitSearch(asm: Assembler, tree: Decision<Target>, pool: TargetPool): void {
  if (tree.kind === 'leaf') asm.ja(pool.label(tree.target));
  else subtree(asm, tree, pool, asm.label('search'), false);
}

function subtree(asm: Assembler, node: Test, pool: TargetPool, at: Label, inChunk: boolean): void {
  if (inChunk || node.size > CHUNK) {
    test(asm, node, pool, at, inChunk);
    return;
  }
  const local = new TargetPool(asm);
  test(asm, node, local, at, true);
  local.flush();
}

function test(asm: Assembler, node: Test, pool: TargetPool, at: Label, inChunk: boolean): void {
  asm.place(at);
  const then = node.then.kind === 'leaf' ? pool.label(node.then.target) : asm.label();
  const otherwise = node.else.kind === 'leaf' ? pool.label(node.else.target) : asm.label();
  asm.jump(node.op, node.k, then, otherwise);
  if (node.else.kind === 'test') subtree(asm, node.else, pool, otherwise, inChunk);
  if (node.then.kind === 'test') subtree(asm, node.then, pool, then, inChunk);
}
