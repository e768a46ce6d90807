// Struct decoders by the name a signature gives them (`out(stat)`): each reads tracee memory at `addr`.
import type { Value } from '../../model/value.js';
import type { CallContext } from '../context.js';

/** Decodes the struct at `addr` for argument `index` (addr is never 0: NULL is printed before calling). */
export type StructDecoder = (ctx: CallContext, addr: bigint, index: number) => Value;

export const STRUCT_DECODERS: Readonly<Record<string, StructDecoder>> = {};
