// landlock_create_ruleset's struct landlock_ruleset_attr (include/uapi/linux/landlock.h): strace 6.1 knows its
// first field and marks a larger size with `...`; with LANDLOCK_CREATE_RULESET_VERSION the return is a version.
// landlock_add_rule's rule_attr: struct landlock_path_beneath_attr for LANDLOCK_RULE_PATH_BENEATH, else the address.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import type { ArgDecoder } from '../context.js';
import { xlatText } from '../structs/read.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { u32, u64, view, xv } from './util.js';

const accessFs = (v: bigint): Value => (v === 0n ? int(0) : sym(xlatText('landlock_access_fs', v, 'flags')));

/** u64 handled_access_fs @0: the part strace reads. */
const KNOWN = 8;
const VERSION = BigInt(xv('landlock_create_ruleset_flags', 'LANDLOCK_CREATE_RULESET_VERSION'));

const landlock_ruleset_attr: StructDecoder = Object.assign(
  (c: Parameters<StructDecoder>[0], addr: bigint, index: number) => {
    const size = u64(c, index + 1);
    const v = size < BigInt(KNOWN) ? undefined : view(c, addr, KNOWN);
    if (!v) return ptr(addr);
    const fs = v.getBigUint64(0, true);
    return {
      k: 'struct' as const,
      fields: [['handled_access_fs', accessFs(fs)] as const],
      more: size > BigInt(KNOWN),
    };
  },
  {
    atExit: (c: Parameters<StructDecoder>[0], _addr: bigint, index: number): void => {
      if (!c.failed && c.ret !== undefined && (u64(c, index + 2) & VERSION) !== 0n) c.retValue = int(c.ret);
    },
  },
);

export const LANDLOCK_STRUCTS = { landlock_ruleset_attr } as const;

const BENEATH = STRUCTS.landlock_path_beneath_attr;
const PATH_BENEATH = xv('landlock_rule_type', 'LANDLOCK_RULE_PATH_BENEATH');

/** strace's print_landlock_path_beneath_attr: the whole (packed, 12-byte) struct or its address; parent_fd as an fd. */
const landlockRuleAttr: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const addr = u64(c, i);
    const v = u32(c, 1) === PATH_BENEATH ? view(c, addr, BENEATH.size) : undefined;
    if (!v) return ptr(addr);
    return {
      k: 'struct',
      fields: [
        ['allowed_access', accessFs(v.getBigUint64(BENEATH.fields.allowed_access.off, true))],
        ['parent_fd', fdValue(c, v.getInt32(BENEATH.fields.parent_fd.off, true))],
      ],
    };
  },
};

export const LANDLOCK_DECODERS = { landlock_rule_attr: landlockRuleAttr } as const satisfies Record<
  string,
  ArgDecoder
>;
