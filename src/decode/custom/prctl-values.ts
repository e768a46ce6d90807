// prctl values strace prints as composites (src/prctl.c): a vector length with its flags (PR_SVE/SME_SET_VL),
// the tagged-address control word, and the return comments strace makes with sprintflags_ex's auxstr mode.
import { abbreviated, currentConstStyle, hex, lookupXlat, xlatName } from '../xlat.js';
import { flagsText, xv } from './util.js';

/** A mask or shift of prctl.h by name (generated table prctl_masks). */
const mask = (name: string): bigint => BigInt(xv('prctl_masks', name));

/**
 * strace's sprintflags_ex(..., SPFF_AUXSTR_MODE) for a return comment: the known names with any unknown rest in
 * hex, the zero name for 0, nothing when no bit has a name or under -X raw.
 */
export function auxFlags(table: string, v: bigint): string | undefined {
  if (currentConstStyle() === 'raw') return undefined;
  const t = lookupXlat(table);
  if (!t) return undefined;
  const u = BigInt.asUintN(64, v);
  if (u === 0n) {
    const first = t.values[0];
    return first && first[1] === 0 ? first[0] : undefined;
  }
  const names: string[] = [];
  let rest = u;
  for (const [name, value] of t.values) {
    const b = BigInt(value);
    if (b !== 0n && (rest & b) === b) {
      names.push(name);
      rest &= ~b;
    }
  }
  if (names.length === 0) return undefined;
  if (rest !== 0n) names.push(hex(rest));
  return names.join('|');
}

/**
 * strace's sprint_sve_val/sprint_sme_val: `FLAGS|0xLEN` (`0x10000|0` for unnamed flags), the number under -X
 * raw, `0xN /* FLAGS|0xLEN *\/` under -X verbose when flags are set. As a return comment (`aux`), nothing unless
 * flags are set.
 */
export function vectorLength(kind: 'sve' | 'sme', v: bigint, aux: boolean): string | undefined {
  const style = currentConstStyle();
  if (style === 'raw') return aux ? undefined : hex(v);
  const lenMask = mask(`PR_${kind.toUpperCase()}_VL_LEN_MASK`);
  const len = v & lenMask;
  const flags = v & ~lenMask;
  if (flags === 0n && aux) return undefined;
  const names = abbreviated(() => flagsText(`pr_${kind}_vl_flags`, flags));
  const body = `${names ? `${names}|` : ''}${hex(len)}`;
  return !aux && flags !== 0n && style === 'verbose' ? `${hex(v)} /* ${body} */` : body;
}

/**
 * strace's sprint_tagged_addr_val: `[!]PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_x|0xT<<PR_MTE_TAG_SHIFT|0xREST`, as an
 * argument styled by -X, as a return comment (`rval`) plain and absent under -X raw.
 */
export function taggedAddr(v: bigint, rval: boolean): string | undefined {
  const style = currentConstStyle();
  if (style === 'raw') return rval ? undefined : hex(v);
  const enable = mask('PR_TAGGED_ADDR_ENABLE');
  const tcfMask = mask('PR_MTE_TCF_MASK');
  const tagMask = mask('PR_MTE_TAG_MASK');
  const u = BigInt.asUintN(64, v);
  const tcf = u & tcfMask;
  const tag = u & tagMask;
  const rest = u & ~(enable | tcfMask | tagMask);
  const enableTable = lookupXlat('pr_tagged_addr_enable');
  const tcfTable = lookupXlat('pr_tagged_addr_mte_tcf');
  let body = `${(enableTable && xlatName(enableTable, u & enable)) ?? hex(u & enable)}|`;
  body += (tcfTable && xlatName(tcfTable, tcf)) ?? hex(tcf);
  if (tag !== 0n) body += `|${hex(tag >> mask('PR_MTE_TAG_SHIFT'))}<<PR_MTE_TAG_SHIFT`;
  if (rest !== 0n) body += `|${hex(rest)}`;
  if (rval) return body;
  return style === 'verbose' ? `${hex(v)} /* ${body} */` : body;
}
