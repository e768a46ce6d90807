// mount_setattr's struct mount_attr (include/uapi/linux/mount.h), an extensible struct.
import { int, sym, type Value } from '../../model/value.js';
import { fdValue } from '../args/fds.js';
import { xlatText } from '../structs/read.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { extensible } from './extensible.js';
import { xv } from './util.js';

/** u64 attr_set @0, attr_clr @8, propagation @16, userns_fd @24; MOUNT_ATTR_SIZE_VER0 is the whole 32 bytes. */
const ATTR = { min: xv('custom_consts', 'MOUNT_ATTR_SIZE_VER0'), known: 32 } as const;
const IDMAP = BigInt(xv('mount_setattr_attr_flags', 'MOUNT_ATTR_IDMAP'));

const flags = (table: string, v: bigint): Value => (v === 0n ? int(0) : sym(xlatText(table, v, 'flags')));

const mount_attr: StructDecoder = (c, addr, index) =>
  extensible(c, addr, index, ATTR, (v) => {
    const set = v.getBigUint64(0, true);
    const userns = v.getBigUint64(24, true);
    return [
      ['attr_set', flags('mount_setattr_attr_flags', set)],
      ['attr_clr', flags('mount_setattr_attr_flags', v.getBigUint64(8, true))],
      ['propagation', sym(xlatText('mount_propagation', v.getBigUint64(16, true), 'enum'))],
      // an fd only when MOUNT_ATTR_IDMAP asks the kernel to use it
      ['userns_fd', (set & IDMAP) !== 0n ? fdValue(c, Number(BigInt.asIntN(32, userns))) : int(userns)],
    ];
  });

export const MOUNT_ATTR_STRUCTS = { mount_attr } as const;
