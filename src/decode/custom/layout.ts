// Layout tables from the generated struct layouts (gcc's offsets over the pinned uapi headers): a decoder names
// the members strace prints and how; offsets and storage types come from the data, never typed by hand.
import { LAYOUTS } from '../../tables/generated/layouts.js';
import type { FieldType } from '../structs/read.js';
import type { FieldKind, Layout, LayoutField } from './ioctl-shape.js';

type Structs = typeof LAYOUTS;
export type StructName = keyof Structs;
export type MemberOf<S extends StructName> = keyof Structs[S]['members'] & string;

const INT_TYPES: ReadonlySet<string> = new Set(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64']);

/** A member's byte offset, storage type and element count. */
export function member<S extends StructName>(
  s: S,
  path: MemberOf<S>,
): { readonly offset: number; readonly type: string; readonly count: number } {
  const m = (LAYOUTS[s].members as Record<string, readonly [number, string, number]>)[path];
  if (!m) throw new Error(`struct ${s} has no member ${path}`);
  return { offset: m[0], type: m[1], count: m[2] };
}

/** A member's storage type as a FieldType (an integer member; anything else is a mistake in the decoder). */
export function intType<S extends StructName>(s: S, path: MemberOf<S>): FieldType {
  const t = member(s, path).type;
  if (!INT_TYPES.has(t)) throw new Error(`struct ${s} member ${path} is ${t}, not an integer`);
  return t as FieldType;
}

export const sizeOf = (s: StructName): number => LAYOUTS[s].size;

/**
 * One printed member: its path (printed under its last component) as stored in decimal, or with a printer that
 * gets the member's storage type (`(t) => ({ x: t })`), or a fixed printer.
 */
export type MemberSpec<S extends StructName> = MemberOf<S> | readonly [MemberOf<S>, MemberSpecKind];
type MemberSpecKind = FieldKind | ((t: FieldType) => FieldKind);

/**
 * The Layout of `s` (or of its nested member `within`, offsets relative to it) printing `specs` in order.
 */
export function layoutOf<S extends StructName>(
  s: S,
  specs: readonly MemberSpec<S>[],
  within?: MemberOf<S>,
): Layout {
  const base = within === undefined ? 0 : member(s, within).offset;
  const fields = specs.map((spec): LayoutField => {
    const [path, kind]: readonly [MemberOf<S>, MemberSpecKind | undefined] =
      typeof spec === 'string'
        ? [spec as MemberOf<S>, undefined]
        : (spec as readonly [MemberOf<S>, MemberSpecKind]);
    const name = path.slice(path.lastIndexOf('.') + 1);
    const off = member(s, path).offset - base;
    if (kind !== undefined && typeof kind !== 'function') return [name, off, kind];
    const t = intType(s, path);
    return [name, off, kind === undefined ? t : kind(t)];
  });
  return { size: within === undefined ? sizeOf(s) : 0, fields };
}
