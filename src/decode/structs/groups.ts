// getgroups/setgroups' gid_t list (strace's print_groups): getgroups prints as many ids as it returned, even when
// the size asked was 0 (`getgroups(0, [0, 0])`), setgroups as many as it was given.
import { ptr, type Value } from '../../model/value.js';
import { asInt, type CallContext } from '../context.js';
import { customConst } from '../custom/util.js';
import { memArray } from './array.js';
import { idValue } from './read.js';

/** sizeof(gid_t). */
const GID_SIZE = 4;

function gidList(c: CallContext, addr: bigint): Value {
  const count = c.name.startsWith('getgroups') ? Number(c.ret ?? 0n) : asInt(c.raw[0]);
  // more than NGROUPS_MAX (unsigned, as strace compares): the address
  if (count < 0 || count > customConst('NGROUPS_MAX')) return ptr(addr);
  return memArray(c, addr, count, GID_SIZE, (v, off) => idValue(v.getUint32(off, true)));
}

export const GROUPS_STRUCTS = { gid_list: gidList } as const;
