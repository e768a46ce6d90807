// openat2's struct open_how (include/uapi/linux/openat2.h): flags, mode only when it matters, resolve.
import { int, sym, type Value } from '../../model/value.js';
import { xlatText } from '../structs/read.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { extensible } from './extensible.js';
import { xv } from './util.js';

/** struct open_how: u64 flags @0, u64 mode @8, u64 resolve @16; its first version is the whole 24 bytes. */
const HOW = { min: 24, known: 24 } as const;

/** strace prints mode when the flags create a file (O_CREAT, O_TMPFILE) or when it is not 0. */
const CREATES = BigInt(xv('open_flags', 'O_CREAT')) | BigInt(xv('open_flags', '__O_TMPFILE'));

const octal = (m: bigint): Value => ({
  k: 'text',
  text: m === 0n ? '000' : `0${m.toString(8).padStart(2, '0')}`,
});

const open_how: StructDecoder = (c, addr, index) =>
  extensible(c, addr, index, HOW, (v) => {
    const flags = v.getBigUint64(0, true);
    const mode = v.getBigUint64(8, true);
    const fields: [string, Value][] = [['flags', sym(xlatText('open_flags', flags, 'flags'))]];
    if ((flags & CREATES) !== 0n || mode !== 0n) fields.push(['mode', octal(mode)]);
    const resolve = v.getBigUint64(16, true);
    fields.push(['resolve', resolve === 0n ? int(0) : sym(xlatText('resolve_flags', resolve, 'flags'))]);
    return fields;
  });

export const OPEN_HOW_STRUCTS = { open_how } as const;
