// landlock_create_ruleset's struct landlock_ruleset_attr (include/uapi/linux/landlock.h): strace 6.1 knows its
// first field and marks a larger size with `...`; with LANDLOCK_CREATE_RULESET_VERSION the return is a version.
import { int, ptr, sym } from '../../model/value.js';
import { xlatText } from '../structs/read.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { u64, view, xv } from './util.js';

/** u64 handled_access_fs @0: the part strace reads. */
const KNOWN = 8;
const VERSION = BigInt(xv('landlock_create_ruleset_flags', 'LANDLOCK_CREATE_RULESET_VERSION'));

const landlock_ruleset_attr: StructDecoder = Object.assign(
  (c: Parameters<StructDecoder>[0], addr: bigint, index: number) => {
    const size = u64(c, index + 1);
    const v = size < BigInt(KNOWN) ? undefined : view(c, addr, KNOWN);
    if (!v) return ptr(addr);
    const fs = v.getBigUint64(0, true);
    const shown = fs === 0n ? int(0) : sym(xlatText('landlock_access_fs', fs, 'flags'));
    return {
      k: 'struct' as const,
      fields: [['handled_access_fs', shown] as const],
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
