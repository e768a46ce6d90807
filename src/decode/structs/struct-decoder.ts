// The shape every struct decoder has, apart from the registry so decoders can name it without a cycle.
import type { Value } from '../../model/value.js';
import type { CallContext } from '../context.js';

/**
 * Decodes the struct at `addr` for argument `index` (addr is never 0: NULL is printed before calling).
 * A two-phase struct also carries hooks, called with the raw address (0 included) at entry and at exit.
 */
export type StructDecoder = ((ctx: CallContext, addr: bigint, index: number) => Value) & {
  readonly atEntry?: (ctx: CallContext, addr: bigint, index: number) => void;
  readonly atExit?: (ctx: CallContext, addr: bigint, index: number) => void;
};
