// keyctl(2)'s arg2..arg5 by command (strace's SYS_FUNC(keyctl)): serials by name, strings, the buffers the kernel
// fills, permissions, the Diffie-Hellman and public-key structs (keyctl-structs.ts), the capabilities bytes.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { errnoByValue } from '../../tables/errnos.js';
import { iovecArray, iovString } from '../args/iovec.js';
import { byteBuffer, cString } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { styled } from '../xlat.js';
import { dhParams, kdfParams, pkeyParams, pkeyQuery, serialValue } from './keyctl-structs.js';
import { type CommandShape, commandArgs, enumOf, flagsOf, i32, ifOk, u32, u64, xv, xval } from './util.js';

const serial = (c: CallContext, i: number): Value => serialValue(i32(c, i));
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

/** print_err: an errno by name (the number under -X raw, both under -X verbose), else the number. */
function errValue(n: number): Value {
  const name = errnoByValue(n)?.name;
  return name ? sym(styled(String(n), name)) : int(n);
}

/** DH_COMPUTE: the parameters at entry; the buffer (up to what the kernel wrote), its size and the KDF at exit. */
const dhCompute: CommandShape = {
  args: (c) => [dhParams(c, u64(c, 1)), undefined, undefined, undefined],
  out: (c, i) => {
    if (i === 2) {
      const ret = BigInt.asUintN(64, c.ret ?? 0n);
      return ifOk(c, u64(c, 2), () => byteBuffer(c, u64(c, 2), Number(ret > u64(c, 3) ? u64(c, 3) : ret)));
    }
    if (i === 3) return int(u64(c, 3));
    return kdfParams(c, u64(c, 4));
  },
};

/** The output length a public-key operation's parameters gave at entry, for its output buffer at exit. */
const outLen = new WeakMap<CallContext, number>();

/** ENCRYPT, DECRYPT, SIGN (`out`: the last buffer is written, shown at exit) and VERIFY (two inputs). */
const pkeyOp = (out: boolean): CommandShape => ({
  args: (c) => {
    const p = pkeyParams(c, u64(c, 1), out);
    const op1 = p ? byteBuffer(c, u64(c, 3), p.inLen) : ptr(u64(c, 3));
    if (!p) return [ptr(u64(c, 1)), str(c, 2), op1, ptr(u64(c, 4))];
    if (!out) return [p.value, str(c, 2), op1, byteBuffer(c, u64(c, 4), p.len2)];
    outLen.set(c, p.len2);
    return [p.value, str(c, 2), op1, undefined];
  },
  out: (c) => ifOk(c, u64(c, 4), () => byteBuffer(c, u64(c, 4), outLen.get(c) ?? 0)),
});

/** CAPABILITIES: the bytes the kernel wrote, the first two as KEYCTL_CAPS0_* and KEYCTL_CAPS1_* flags. */
const capabilities: CommandShape = {
  args: () => [undefined, undefined],
  out: (c, i) => {
    if (i === 2) return int(u64(c, 2));
    return ifOk(c, u64(c, 1), () => {
      const ret = BigInt.asUintN(64, c.ret ?? 0n);
      const n = ret < u64(c, 2) ? ret : u64(c, 2);
      return memArray(c, u64(c, 1), n, 1, (v, off, k) => {
        const b = v.getUint8(off);
        return k === 0 ? flagsOf('keyctl_caps0', b) : k === 1 ? flagsOf('keyctl_caps1', b) : xval(b);
      });
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
  KEYCTL_SETPERM: { args: (c) => [serial(c, 1), flagsOf('key_perms', u32(c, 2))] },
  KEYCTL_INSTANTIATE: { args: (c) => [serial(c, 1), bytes(c, 2, u64(c, 3)), int(u64(c, 3)), serial(c, 4)] },
  KEYCTL_NEGATE: { args: (c) => [serial(c, 1), int(u32(c, 2)), serial(c, 3)] },
  KEYCTL_SET_REQKEY_KEYRING: { args: (c) => [enumOf('key_reqkeys', i32(c, 1))] },
  KEYCTL_SET_TIMEOUT: { args: (c) => [serial(c, 1), int(u32(c, 2))] },
  KEYCTL_SESSION_TO_PARENT: {},
  KEYCTL_REJECT: { args: (c) => [serial(c, 1), int(u32(c, 2)), errValue(u32(c, 3)), serial(c, 4)] },
  KEYCTL_INSTANTIATE_IOV: { args: (c) => [serial(c, 1), iovecArray(c, u64(c, 2), u64(c, 3), undefined, iovString), int(u64(c, 3)), serial(c, 4)] },
  KEYCTL_GET_PERSISTENT: { args: (c) => [uid(c, 1), serial(c, 2)] },
  KEYCTL_DH_COMPUTE: dhCompute,
  KEYCTL_PKEY_QUERY: { args: (c) => [serial(c, 1), xval(u64(c, 2)), str(c, 3), undefined], out: (c) => pkeyQuery(c, u64(c, 4)) },
  KEYCTL_PKEY_ENCRYPT: pkeyOp(true),
  KEYCTL_PKEY_DECRYPT: pkeyOp(true),
  KEYCTL_PKEY_SIGN: pkeyOp(true),
  KEYCTL_PKEY_VERIFY: pkeyOp(false),
  KEYCTL_RESTRICT_KEYRING: { args: (c) => [serial(c, 1), str(c, 2), str(c, 3)] },
  KEYCTL_MOVE: { args: (c) => [serial(c, 1), serial(c, 2), serial(c, 3), flagsOf('keyctl_move_flags', u32(c, 4))] },
  KEYCTL_CAPABILITIES: capabilities,
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
