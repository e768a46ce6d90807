// NUMA arguments as strace prints them: node masks (set_mempolicy, get_mempolicy, mbind, migrate_pages) as
// arrays of longs, and move_pages' pages, nodes and status arrays.
import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { errnoByValue } from '../../tables/errnos.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { styled } from '../xlat.js';
import { u64 } from './util.js';

const BITS_PER_LONG = 64n;
const MAX_U64 = (1n << 64n) - 1n;

/** One long of a mask as strace's print_node (`%#0*lx`, 16 wide): `0000000000000000`, `0x00000000000001`. */
function nodeWord(v: bigint): Value {
  return text(v === 0n ? '0'.repeat(16) : `0x${v.toString(16).padStart(14, '0')}`);
}

/**
 * strace's print_nodemask: (maxnodes - 1) bits rounded up to longs; the address when that count overflowed or
 * is zero for a non-zero maxnodes.
 */
function nodemask(c: CallContext, addr: bigint, maxnodes: bigint): Value {
  const nmemb = ((maxnodes + BITS_PER_LONG - 2n) & MAX_U64) / BITS_PER_LONG;
  if (nmemb < maxnodes / BITS_PER_LONG || (maxnodes !== 0n && nmemb === 0n)) return ptr(addr);
  return memArray(c, addr, nmemb, 8, (v, off) => nodeWord(v.getBigUint64(off, true)));
}

/** A mask whose size is the argument after it (set_mempolicy, get_mempolicy, mbind). */
const maskBeforeMaxnode: StructDecoder = (c, addr, i) => nodemask(c, addr, u64(c, i + 1));
/** migrate_pages' masks: the size is its second argument. */
const migrateMask: StructDecoder = (c, addr) => nodemask(c, addr, u64(c, 1));

/** move_pages' page addresses, `count` of them (its second argument). */
const movePagesPages: StructDecoder = (c, addr) =>
  memArray(c, addr, u64(c, 1), 8, (v, off) => ptr(v.getBigUint64(off, true)));
/** move_pages' target nodes. */
const movePagesNodes: StructDecoder = (c, addr) =>
  memArray(c, addr, u64(c, 1), 4, (v, off) => int(v.getInt32(off, true)));

/** A status entry: a node, or a negated errno (`-EFAULT`, `-14 /* -EFAULT *\/` under -X verbose). */
function pageStatus(n: number): Value {
  const name = n < 0 ? errnoByValue(-n)?.name : undefined;
  return name ? sym(styled(String(n), `-${name}`)) : int(n);
}
/** move_pages' status, filled by the kernel: `[]` for no pages, the address when the call failed. */
const movePagesStatus: StructDecoder = (c, addr) => {
  const count = u64(c, 1);
  if (count === 0n) return { k: 'array', items: [] };
  if (c.failed) return ptr(addr);
  return memArray(c, addr, count, 4, (v, off) => pageStatus(v.getInt32(off, true)));
};

export const NUMA_STRUCTS = {
  nodemask: maskBeforeMaxnode,
  migrate_nodemask: migrateMask,
  move_pages_pages: movePagesPages,
  move_pages_nodes: movePagesNodes,
  move_pages_status: movePagesStatus,
} as const satisfies Record<string, StructDecoder>;
