// ioctl requests of loop devices (linux/loop.h, type 0x4c), as strace's loop_ioctl: struct loop_info and
// loop_info64 (abbreviated without -v: the device numbers, the key and lo_init only with -v or encryption set),
// LOOP_CONFIGURE's loop_config, and the requests taking an fd or a number.
import { int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import type { CallContext } from '../context.js';
import { localArray } from '../structs/array.js';
import { charArray, devValue } from '../structs/read.js';
import type { Shape } from './ioctl-shape.js';
import { derefView, enumOf, flagsOf, nameOf, xval } from './util.js';

type Fields = [string, Value][];
const INFO = STRUCTS.loop_info.fields;
const INFO64 = STRUCTS.loop_info64.fields;
const CONFIG = STRUCTS.loop_config.fields;
/** LO_KEY_SIZE: the key bytes printed are at most the array's. */
const KEY_SIZE = INFO64.lo_encrypt_key.count;

/** PRINT_FIELD_X_ARRAY: every element in hex. */
function hexArray(c: CallContext, v: DataView, off: number, count: number, size: 1 | 8): Value {
  const sub = new DataView(v.buffer, v.byteOffset + off, count * size);
  return localArray(c, sub, count, size, (d, o) =>
    xval(size === 1 ? d.getUint8(o) : d.getBigUint64(o, true)),
  );
}

/** PRINT_FIELD_STRING of the key: min(lo_encrypt_key_size, LO_KEY_SIZE) bytes, NULs included, whole (print_quoted_string ignores -s). */
function key(v: DataView, off: number, size: number): Value {
  const n = Math.min(size >>> 0, KEY_SIZE);
  return {
    k: 'str',
    bytes: new Uint8Array(v.buffer.slice(v.byteOffset + off, v.byteOffset + off + n)),
    more: false,
  };
}

const cryptType = (v: DataView, off: number): Value =>
  enumOf('loop_crypt_type_options', v.getUint32(off, true));
const encrypted = (v: DataView, off: number): boolean =>
  nameOf('loop_crypt_type_options', v.getUint32(off, true)) !== 'LO_CRYPT_NONE';

/** struct loop_info (LOOP_SET_STATUS, LOOP_GET_STATUS). */
function loopInfo(c: CallContext, a: bigint): Value {
  const v = derefView(c, a, STRUCTS.loop_info.size);
  if (!v) return ptr(a);
  const full = c.opts.verbose;
  const crypt = full || encrypted(v, INFO.lo_encrypt_type.off);
  const f: Fields = [['lo_number', int(v.getInt32(INFO.lo_number.off, true))]];
  if (full)
    f.push(
      ['lo_device', devValue(v.getBigUint64(INFO.lo_device.off, true))],
      ['lo_inode', int(v.getBigUint64(INFO.lo_inode.off, true))],
      ['lo_rdevice', devValue(v.getBigUint64(INFO.lo_rdevice.off, true))],
    );
  f.push(['lo_offset', xval(v.getUint32(INFO.lo_offset.off, true))]);
  if (crypt)
    f.push(
      ['lo_encrypt_type', cryptType(v, INFO.lo_encrypt_type.off)],
      ['lo_encrypt_key_size', int(v.getUint32(INFO.lo_encrypt_key_size.off, true))],
    );
  f.push(
    ['lo_flags', flagsOf('loop_flags_options', v.getUint32(INFO.lo_flags.off, true))],
    ['lo_name', charArray(v, INFO.lo_name.off, INFO.lo_name.count)],
  );
  if (crypt)
    f.push([
      'lo_encrypt_key',
      key(v, INFO.lo_encrypt_key.off, v.getInt32(INFO.lo_encrypt_key_size.off, true)),
    ]);
  if (full)
    f.push(
      ['lo_init', hexArray(c, v, INFO.lo_init.off, INFO.lo_init.count, 8)],
      ['reserved', hexArray(c, v, INFO.reserved.off, INFO.reserved.count, 1)],
    );
  return { k: 'struct', fields: f, more: !full };
}

/** struct loop_info64 at byte `base` of `v`. */
function info64At(c: CallContext, v: DataView, base: number): Value {
  const u64 = (o: number) => v.getBigUint64(base + o, true);
  const u32 = (o: number) => v.getUint32(base + o, true);
  const full = c.opts.verbose;
  const crypt = full || encrypted(v, base + INFO64.lo_encrypt_type.off);
  const f: Fields = full
    ? [
        ['lo_device', devValue(u64(INFO64.lo_device.off))],
        ['lo_inode', int(u64(INFO64.lo_inode.off))],
        ['lo_rdevice', devValue(u64(INFO64.lo_rdevice.off))],
        ['lo_offset', xval(u64(INFO64.lo_offset.off))],
        ['lo_sizelimit', int(u64(INFO64.lo_sizelimit.off))],
        ['lo_number', int(u32(INFO64.lo_number.off))],
      ]
    : [
        ['lo_offset', xval(u64(INFO64.lo_offset.off))],
        ['lo_number', int(u32(INFO64.lo_number.off))],
      ];
  if (crypt)
    f.push(
      ['lo_encrypt_type', cryptType(v, base + INFO64.lo_encrypt_type.off)],
      ['lo_encrypt_key_size', int(u32(INFO64.lo_encrypt_key_size.off))],
    );
  f.push(
    ['lo_flags', flagsOf('loop_flags_options', u32(INFO64.lo_flags.off))],
    ['lo_file_name', charArray(v, base + INFO64.lo_file_name.off, INFO64.lo_file_name.count)],
  );
  if (crypt)
    f.push(
      ['lo_crypt_name', charArray(v, base + INFO64.lo_crypt_name.off, INFO64.lo_crypt_name.count)],
      ['lo_encrypt_key', key(v, base + INFO64.lo_encrypt_key.off, u32(INFO64.lo_encrypt_key_size.off))],
    );
  if (full) f.push(['lo_init', hexArray(c, v, base + INFO64.lo_init.off, INFO64.lo_init.count, 8)]);
  return { k: 'struct', fields: f, more: !full };
}

function loopInfo64(c: CallContext, a: bigint): Value {
  const v = derefView(c, a, STRUCTS.loop_info64.size);
  return v ? info64At(c, v, 0) : ptr(a);
}

/** struct loop_config: the backing fd, the block size, the info; __reserved only when set. */
function loopConfig(c: CallContext, a: bigint): Value {
  const v = derefView(c, a, STRUCTS.loop_config.size);
  if (!v) return ptr(a);
  const f: Fields = [
    ['fd', fdValue(c, v.getInt32(CONFIG.fd.off, true))],
    ['block_size', int(v.getUint32(CONFIG.block_size.off, true))],
    ['info', info64At(c, v, CONFIG.info.off)],
  ];
  const n = CONFIG.__reserved.count;
  const reserved = Array.from({ length: n }, (_, i) => v.getBigUint64(CONFIG.__reserved.off + 8 * i, true));
  if (reserved.some((r) => r !== 0n)) f.push(['__reserved', hexArray(c, v, CONFIG.__reserved.off, n, 8)]);
  return { k: 'struct', fields: f };
}

const NO_ARG: Shape = { none: true };
const fdArg: Shape = { in: (c, a) => fdValue(c, Number(BigInt.asIntN(32, a))) };
const intArg: Shape = { in: (_c, a) => int(Number(BigInt.asIntN(32, a))) };
const unsignedArg: Shape = { in: (_c, a) => int(a) };

// biome-ignore format: one family of requests per line
export const LOOP_SHAPES: Readonly<Record<string, Shape>> = {
  LOOP_SET_STATUS: { in: loopInfo }, LOOP_GET_STATUS: { out: loopInfo },
  LOOP_SET_STATUS64: { in: loopInfo64 }, LOOP_GET_STATUS64: { out: loopInfo64 },
  LOOP_CONFIGURE: { in: loopConfig },
  LOOP_CLR_FD: NO_ARG, LOOP_SET_CAPACITY: NO_ARG, LOOP_CTL_GET_FREE: NO_ARG,
  LOOP_SET_FD: fdArg, LOOP_CHANGE_FD: fdArg,
  LOOP_CTL_ADD: intArg, LOOP_CTL_REMOVE: intArg,
  LOOP_SET_DIRECT_IO: unsignedArg, LOOP_SET_BLOCK_SIZE: unsignedArg,
};
