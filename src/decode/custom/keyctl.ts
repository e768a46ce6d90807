// keyctl(2)'s arg2..arg5 by command (strace's SYS_FUNC(keyctl)), basic: the common key operations are decoded
// (serials by name, strings, the buffer DESCRIBE/READ fill); the Diffie-Hellman, public-key, restrict, move and
// capabilities commands print their arguments in hex.
import { int, type Value } from '../../model/value.js';
import { byteBuffer, cString } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { type CommandShape, commandArgs, enumOf, i32, ifOk, u32, u64, xv, xval } from './util.js';

/** A key serial: KEY_SPEC_* by name, else decimal (strace's print_keyring_serial_number). */
const serial = (c: CallContext, i: number): Value => enumOf('key_spec', i32(c, i));
const str = (c: CallContext, i: number): Value => cString(c, u64(c, i), c.opts.strsize);
const bytes = (c: CallContext, i: number, len: bigint): Value => byteBuffer(c, u64(c, i), Number(len));
const uid = (c: CallContext, i: number): Value => int(u32(c, i) === 0xffffffff ? -1 : u32(c, i));
const hexFrom = (c: CallContext, first: number): Value[] =>
  [1, 2, 3, 4].slice(first - 1).map((i) => xval(u64(c, i)));

/** DESCRIBE, READ, GET_SECURITY: the buffer at exit, up to what the kernel wrote (cut at the buffer's size). */
const readKey: CommandShape = {
  args: (c) => [serial(c, 1), undefined, undefined],
  out: (c, i) => {
    if (i === 3) return int(u64(c, 3));
    return ifOk(c, u64(c, 2), () => {
      const ret = c.ret ?? 0n;
      const v = bytes(c, 2, ret > u64(c, 3) ? u64(c, 3) : ret);
      // DESCRIBE and GET_SECURITY return a C string: its NUL is not shown (QUOTE_OMIT_TRAILING_0)
      const cstring = u32(c, 0) !== xv('keyctl_cmd', 'KEYCTL_READ');
      return cstring && v.k === 'str' && !v.more && v.bytes.at(-1) === 0
        ? { ...v, bytes: v.bytes.subarray(0, -1) }
        : v;
    });
  },
};

// biome-ignore format: one command per line
const SHAPES: Readonly<Record<string, CommandShape>> = {
  KEYCTL_GET_KEYRING_ID: { args: (c) => [serial(c, 1), int(i32(c, 2))] },
  KEYCTL_JOIN_SESSION_KEYRING: { args: (c) => [str(c, 1)] },
  KEYCTL_UPDATE: { args: (c) => [serial(c, 1), bytes(c, 2, u64(c, 3)), int(u64(c, 3))] },
  KEYCTL_REVOKE: { args: (c) => [serial(c, 1)] },
  KEYCTL_CLEAR: { args: (c) => [serial(c, 1)] },
  KEYCTL_INVALIDATE: { args: (c) => [serial(c, 1)] },
  KEYCTL_ASSUME_AUTHORITY: { args: (c) => [serial(c, 1)] },
  KEYCTL_LINK: { args: (c) => [serial(c, 1), serial(c, 2)] },
  KEYCTL_UNLINK: { args: (c) => [serial(c, 1), serial(c, 2)] },
  KEYCTL_DESCRIBE: readKey,
  KEYCTL_READ: readKey,
  KEYCTL_GET_SECURITY: readKey,
  KEYCTL_SEARCH: { args: (c) => [serial(c, 1), str(c, 2), str(c, 3), serial(c, 4)] },
  KEYCTL_CHOWN: { args: (c) => [serial(c, 1), uid(c, 2), uid(c, 3)] },
  KEYCTL_SETPERM: { args: (c) => [serial(c, 1), xval(u32(c, 2))] },
  KEYCTL_INSTANTIATE: { args: (c) => [serial(c, 1), bytes(c, 2, u64(c, 3)), int(u64(c, 3)), serial(c, 4)] },
  KEYCTL_NEGATE: { args: (c) => [serial(c, 1), int(u32(c, 2)), serial(c, 3)] },
  KEYCTL_SET_REQKEY_KEYRING: { args: (c) => [int(i32(c, 1))] },
  KEYCTL_SET_TIMEOUT: { args: (c) => [serial(c, 1), int(u32(c, 2))] },
  KEYCTL_SESSION_TO_PARENT: {},
  KEYCTL_REJECT: { args: (c) => [serial(c, 1), int(u32(c, 2)), int(u32(c, 3)), serial(c, 4)] },
  KEYCTL_GET_PERSISTENT: { args: (c) => [uid(c, 1), serial(c, 2)] },
};

export const KEYCTL_DECODERS = {
  keyctl_arg: commandArgs({
    table: 'keyctl_cmd',
    cmdIndex: 0,
    first: 1,
    count: 4,
    shapes: SHAPES,
    fallback: (c) => hexFrom(c, 1),
  }),
} as const;
