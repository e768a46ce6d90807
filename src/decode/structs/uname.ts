// struct utsname for uname: sysname and nodename then `...`, all six fields with -v.
import { ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { charArray, readView } from './read.js';

/** struct new_utsname (include/uapi/linux/utsname.h): six char[65] fields, in this order. */
const UTS_LEN = 65;
const FIELDS = ['sysname', 'nodename', 'release', 'version', 'machine', 'domainname'] as const;
/** Fields printed without -v. */
const SHORT = 2;

function utsname(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, UTS_LEN * FIELDS.length);
  if (!v) return ptr(addr);
  const shown = c.opts.verbose ? FIELDS : FIELDS.slice(0, SHORT);
  const fields = shown.map((name, i) => [name, charArray(v, i * UTS_LEN, UTS_LEN)] as [string, Value]);
  return { k: 'struct', fields, more: !c.opts.verbose };
}

export const UNAME_STRUCTS = { utsname } as const;
