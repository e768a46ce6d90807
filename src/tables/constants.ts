// One kernel constant by its name, from the generated tables (kernel facts are never typed by hand): for code
// that acts on a few constants (an fd table, a guard) rather than decoding a whole argument.
import { XLAT, type XlatName } from './generated/xlat.js';

/** The value of `name` in the generated table `table`; a name the pinned headers lack is a bug, said at load. */
export function constantOf(table: XlatName, name: string): bigint {
  const v = XLAT[table].values.find(([n]) => n === name)?.[1];
  if (v === undefined) throw new Error(`${name} missing from the generated table ${table}`);
  return BigInt(v);
}
