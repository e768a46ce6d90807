// A Layout (ioctl-shape's printer of a struct) built from the offsets `npm run gen` computed from the pinned
// headers (src/tables/generated/structs.ts), so decoders name fields and never type an offset.
import { STRUCTS } from '../../tables/generated/structs.js';
import type { FieldType } from '../structs/read.js';
import type { FieldKind, Layout } from './ioctl-shape.js';

export type StructName = keyof typeof STRUCTS;
interface GenField {
  readonly off: number;
  readonly size: number;
  readonly kind: string;
}

/** The Layout printing `names` of generated struct `s` in order, each as stored or with its own printer. */
export function layout(s: StructName, names: readonly (string | readonly [string, FieldKind])[]): Layout {
  const fields = STRUCTS[s].fields as Readonly<Record<string, GenField>>;
  return {
    size: STRUCTS[s].size,
    fields: names.map((n) => {
      const [name, kind] = typeof n === 'string' ? [n, undefined] : n;
      const f = fields[name];
      if (!f) throw new Error(`struct ${s} has no field ${name}`);
      return [name, f.off, kind ?? (`${f.kind === 's' ? 'i' : 'u'}${f.size * 8}` as FieldType)];
    }),
  };
}
