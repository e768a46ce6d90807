// Field offsets of kernel structs from the running kernel's own BTF (/sys/kernel/btf/vmlinux), read once: the
// programs then read those fields with probe_read_kernel, as CO-RE would relocate them. Format:
// Documentation/bpf/btf.rst (header, type section, string section; each type a 12-byte head plus its kind's data).
// Answers are kept per kernel build (btf-cache.ts): the BTF is read only when one is not known yet.
import { readFileSync, statSync } from 'node:fs';
import { cacheDir, kernelBuildId, OffsetCache } from './btf-cache.js';

const VMLINUX = '/sys/kernel/btf/vmlinux';
const MAGIC = 0xeb9f;
const KIND = { struct: 4, union: 5 } as const;

/** Bytes of kind-specific data after a type's 12-byte head, by kind (vlen: the head's member count). */
function extra(kind: number, vlen: number): number {
  switch (kind) {
    case 1: // INT
    case 14: // VAR
    case 17: // DECL_TAG
      return 4;
    case 3: // ARRAY
      return 12;
    case 4: // STRUCT
    case 5: // UNION
    case 15: // DATASEC
    case 19: // ENUM64
      return vlen * 12;
    case 6: // ENUM
    case 13: // FUNC_PROTO
      return vlen * 8;
    default: // PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG
      return 0;
  }
}

/** A BTF blob indexed: where each type's head sits (by type id), names read on demand. */
interface Btf {
  readonly v: DataView;
  readonly blob: Buffer;
  readonly at: Uint32Array;
  readonly count: number;
  readonly strOff: number;
}

function index(blob: Buffer): Btf {
  const v = new DataView(blob.buffer, blob.byteOffset, blob.length);
  if (v.getUint16(0, true) !== MAGIC) throw new Error('not BTF');
  const hdrLen = v.getUint32(4, true);
  const typeOff = hdrLen + v.getUint32(8, true);
  const typeEnd = typeOff + v.getUint32(12, true);
  const at = new Uint32Array(Math.ceil((typeEnd - typeOff) / 12) + 1);
  let id = 1;
  for (let p = typeOff; p + 12 <= typeEnd; id++) {
    at[id] = p;
    const info = v.getUint32(p + 4, true);
    p += 12 + extra((info >>> 24) & 0x1f, info & 0xffff);
  }
  return { v, blob, at, count: id, strOff: hdrLen + v.getUint32(16, true) };
}

/** Whether the string at `off` is `want` (compared as bytes: no string is made for the types that differ). */
function named(b: Btf, off: number, want: Buffer): boolean {
  const start = b.strOff + off;
  return (
    b.blob[start + want.length] === 0 &&
    b.blob.compare(want, 0, want.length, start, start + want.length) === 0
  );
}

/** A member's byte offset in the struct or union of type `id`, looking into anonymous members. */
function offsetIn(b: Btf, id: number, field: Buffer): number | undefined {
  const p = b.at[id];
  if (p === undefined || id >= b.count) return undefined;
  const info = b.v.getUint32(p + 4, true);
  const kind = (info >>> 24) & 0x1f;
  if (kind !== KIND.struct && kind !== KIND.union) return undefined;
  const bitfields = info >>> 31 === 1;
  for (let i = 0; i < (info & 0xffff); i++) {
    const m = p + 12 + i * 12;
    const nameOff = b.v.getUint32(m, true);
    const raw = b.v.getUint32(m + 8, true);
    const bits = bitfields ? raw & 0xffffff : raw;
    if (nameOff !== 0) {
      if (named(b, nameOff, field)) return bits / 8;
      continue;
    }
    const inner = offsetIn(b, b.v.getUint32(m + 4, true), field);
    if (inner !== undefined) return bits / 8 + inner;
  }
  return undefined;
}

let cache: Btf | null | undefined;
let offsets: OffsetCache | null | undefined;

/** The offsets cache of the running kernel (null: its build id or BTF cannot be told). */
function offsetCache(): OffsetCache | null {
  if (offsets === undefined) {
    offsets = null;
    const id = kernelBuildId();
    try {
      if (id !== undefined) offsets = new OffsetCache(cacheDir(), `${id}:${statSync(VMLINUX).size}`);
    } catch {}
  }
  return offsets;
}

/**
 * Byte offsets of `fields` in `struct name` of the running kernel, or undefined when the kernel has no BTF or
 * lacks one of them (the caller then goes without).
 */
export function kernelOffsets<F extends string>(
  struct: string,
  fields: readonly F[],
): Record<F, number> | undefined {
  const key = `${struct}:${fields.join(',')}`;
  const c = offsetCache();
  const known = c?.get(key);
  if (known === null) return undefined;
  if (known !== undefined && fields.every((f) => known[f] !== undefined)) return known as Record<F, number>;
  if (cache === undefined) {
    try {
      cache = index(readFileSync(VMLINUX));
    } catch {
      cache = null;
    }
  }
  const b = cache;
  if (b === null) return undefined; // no BTF to read now: nothing learnt either
  const found = lookup(b, struct, fields);
  c?.set(key, found ?? null);
  c?.save();
  return found;
}

function lookup<F extends string>(
  b: Btf,
  struct: string,
  fields: readonly F[],
): Record<F, number> | undefined {
  const want = Buffer.from(struct, 'latin1');
  for (let id = 1; id < b.count; id++) {
    const p = b.at[id] as number;
    if (((b.v.getUint32(p + 4, true) >>> 24) & 0x1f) !== KIND.struct) continue;
    if (!named(b, b.v.getUint32(p, true), want)) continue;
    const out = {} as Record<F, number>;
    for (const f of fields) {
      const at = offsetIn(b, id, Buffer.from(f, 'latin1'));
      if (at === undefined || !Number.isInteger(at)) return undefined;
      out[f] = at;
    }
    return out;
  }
  return undefined;
}
