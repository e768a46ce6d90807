// ioctl requests of a TEE device (linux/tee.h, type 0xa4), as strace's tee_ioctl prints them: the version at exit,
// sessions opened, invoked and cancelled through a tee_ioctl_buf_data that points at the argument and its params
// (`{buf_len=N, buf_ptr={...} => {...}}`), the supplicant's receive/send, and shared memory allocation/registration.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { idValue, xint, xlatText } from '../structs/read.js';
import { uuidValue } from './ioctl-btrfs-fields.js';
import type { Shape, Staged } from './ioctl-shape.js';
import { derefView, enumOf, flagsOf, nameOf, view, xv } from './util.js';

type Fields = (readonly [string, Value])[];
const BUF = STRUCTS.tee_ioctl_buf_data;
const PARAM = STRUCTS.tee_ioctl_param;
const VERSION = STRUCTS.tee_ioctl_version_data;
const OPEN = STRUCTS.tee_ioctl_open_session_arg;
const INVOKE = STRUCTS.tee_ioctl_invoke_arg;
const RECV = STRUCTS.tee_iocl_supp_recv_arg;
const SEND = STRUCTS.tee_iocl_supp_send_arg;
const CANCEL = STRUCTS.tee_ioctl_cancel_arg;
const CLOSE = STRUCTS.tee_ioctl_close_session_arg;
const ALLOC = STRUCTS.tee_ioctl_shm_alloc_data;
const REGISTER = STRUCTS.tee_ioctl_shm_register_data;
/**
 * strace's own struct tee_ioctl_shm_register_fd_data (an out-of-tree request no kernel header defines): fd (s64),
 * size (u64), flags (u32), id (s32) after 4 bytes of padding each, 32 bytes aligned to 8.
 */
const REGISTER_FD = { size: 32, fd: 0, size_: 8, flags: 16, id: 24 } as const;

const struct = (fields: Fields): Value => ({ k: 'struct', fields });
const u32At = (v: DataView, off: number): number => v.getUint32(off, true);
const u64At = (v: DataView, off: number): bigint => v.getBigUint64(off, true);
const meta = (): bigint => BigInt(xv('tee_param_attr_bits', 'TEE_IOCTL_PARAM_ATTR_META'));
const attrIs = (attr: bigint, ...names: string[]): boolean => {
  const n = nameOf('tee_param_attr_types', attr);
  return n !== undefined && names.includes(n);
};

/** One struct tee_ioctl_param: its type (and META), then a memref's offset, size and id, or a value's a, b, c. */
function param(v: DataView, off: number): Value {
  const attr = u64At(v, off + PARAM.fields.attr.off);
  const a = u64At(v, off + PARAM.fields.a.off);
  const b = u64At(v, off + PARAM.fields.b.off);
  const c = u64At(v, off + PARAM.fields.c.off);
  // strace names the type as an unsigned int (printxval), and writes the META bit's name as is, whatever the -X style
  const type = xlatText('tee_param_attr_types', BigInt.asUintN(32, attr & ~meta()), 'enum');
  const fields: Fields = [['attr', sym(attr & meta() ? `${type}|TEE_IOCTL_PARAM_ATTR_META` : type)]];
  if (attrIs(attr, 'TEE_IOCTL_PARAM_ATTR_TYPE_NONE')) return struct(fields);
  if (attrIs(attr, ...['INPUT', 'OUTPUT', 'INOUT'].map((d) => `TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_${d}`)))
    return struct([...fields, ['shm_offs', xint(a)], ['size', xint(b)], ['shm_id', int(c)]]);
  return struct([...fields, ['a', xint(a)], ['b', xint(b)], ['c', xint(c)]]);
}

/** A request's argument struct, read from the buffer tee_ioctl_buf_data points at: its size and fields. */
interface BufArg {
  readonly size: number;
  readonly numParams: number;
  readonly entry: (v: DataView) => Fields;
  readonly exit: (v: DataView) => Fields;
}

/**
 * strace's tee_fetch_buf_data: the buffer's struct, or what to print instead (the address when unreadable, the
 * `{buf_len, buf_ptr}` pair when the length is out of range, the argument unreadable, or, at entry, when the length
 * does not hold exactly num_params params, which the kernel would refuse).
 */
function fetchBuf(
  c: CallContext,
  addr: bigint,
  arg: BufArg,
  entering: boolean,
): { readonly v: DataView; readonly params: bigint; readonly len: bigint } | { readonly show: Value } {
  const b = derefView(c, addr, BUF.size);
  if (!b) return { show: ptr(addr) };
  const len = u64At(b, BUF.fields.buf_len.off);
  const at = u64At(b, BUF.fields.buf_ptr.off);
  const pair = struct([
    ['buf_len', int(len)],
    ['buf_ptr', ptr(at)],
  ]);
  if (len > BigInt(xv('tee_consts', 'TEE_MAX_ARG_SIZE')) || len < BigInt(arg.size)) return { show: pair };
  const v = view(c, at, arg.size);
  if (!v) return { show: pair };
  const n = u32At(v, arg.numParams);
  if (entering && BigInt(arg.size + PARAM.size * n) !== len) return { show: pair };
  return { v, params: n ? at + BigInt(arg.size) : 0n, len };
}

const paramsOf = (c: CallContext, v: DataView, arg: BufArg, at: bigint): Value =>
  memArray(c, at, u32At(v, arg.numParams), PARAM.size, (pv, off) => param(pv, off));

/** A request whose argument is a tee_ioctl_buf_data: the struct and its params at entry, what changed at exit. */
function bufShape(arg: BufArg): Shape {
  return {
    staged: {
      in: (c, a): Staged => {
        const got = fetchBuf(c, a, arg, true);
        if ('show' in got) return { value: got.show, done: true };
        const inner = struct([...arg.entry(got.v), ['params', paramsOf(c, got.v, arg, got.params)]]);
        return {
          value: struct([
            ['buf_len', int(got.len)],
            ['buf_ptr', inner],
          ]),
        };
      },
      out: (c, a, before) => {
        if (c.failed || before.value.k !== 'struct') return before.value;
        const [len, inner] = before.value.fields;
        const got = fetchBuf(c, a, arg, false);
        const after =
          'show' in got
            ? got.show
            : struct([...arg.exit(got.v), ['params', paramsOf(c, got.v, arg, got.params)]]);
        return struct([
          ...(len ? [len] : []),
          ['buf_ptr', { k: 'changed', before: inner?.[1] ?? ptr(a), after }],
        ]);
      },
    },
  };
}

/** clnt_login's connection data: a group id for the group logins, nothing for the others, else the raw bytes. */
function clientUuid(v: DataView): Fields {
  const login = nameOf('tee_login_types', u32At(v, OPEN.fields.clnt_login.off));
  const off = OPEN.fields.clnt_uuid.off;
  if (login === 'TEE_IOCTL_LOGIN_GROUP' || login === 'TEE_IOCTL_LOGIN_GROUP_APPLICATION')
    return [['clnt_uuid', idValue(u32At(v, off))]];
  if (login !== undefined) return [];
  const bytes = Array.from({ length: OPEN.fields.clnt_uuid.count ?? 16 }, (_, i) =>
    xint(v.getUint8(off + i)),
  );
  return [['clnt_uuid', { k: 'array', items: bytes }]];
}

const origin = (v: DataView, off: number): Value => enumOf('tee_origins', u32At(v, off));

const OPEN_SESSION: BufArg = {
  size: OPEN.size,
  numParams: OPEN.fields.num_params.off,
  entry: (v) => [
    ['uuid', uuidValue(v, OPEN.fields.uuid.off)],
    ['clnt_login', enumOf('tee_login_types', u32At(v, OPEN.fields.clnt_login.off))],
    ...clientUuid(v),
    ['cancel_id', int(u32At(v, OPEN.fields.cancel_id.off))],
    ['num_params', int(u32At(v, OPEN.fields.num_params.off))],
  ],
  exit: (v) => [
    ['session', xint(u32At(v, OPEN.fields.session.off))],
    ['ret', int(u32At(v, OPEN.fields.ret.off))],
    ['ret_origin', origin(v, OPEN.fields.ret_origin.off)],
  ],
};

const INVOKE_ARG: BufArg = {
  size: INVOKE.size,
  numParams: INVOKE.fields.num_params.off,
  entry: (v) => [
    ['func', int(u32At(v, INVOKE.fields.func.off))],
    ['session', xint(u32At(v, INVOKE.fields.session.off))],
    ['cancel_id', int(u32At(v, INVOKE.fields.cancel_id.off))],
    ['num_params', int(u32At(v, INVOKE.fields.num_params.off))],
  ],
  exit: (v) => [
    ['ret', int(u32At(v, INVOKE.fields.ret.off))],
    ['ret_origin', origin(v, INVOKE.fields.ret_origin.off)],
  ],
};

const SUPPL_RECV: BufArg = {
  size: RECV.size,
  numParams: RECV.fields.num_params.off,
  entry: (v) => [
    ['func', int(u32At(v, RECV.fields.func.off))],
    ['num_params', int(u32At(v, RECV.fields.num_params.off))],
  ],
  // num_params is in/out for the supplicant's receive only
  exit: (v) => [['num_params', int(u32At(v, RECV.fields.num_params.off))]],
};

const SUPPL_SEND: BufArg = {
  size: SEND.size,
  numParams: SEND.fields.num_params.off,
  entry: (v) => [['num_params', int(u32At(v, SEND.fields.num_params.off))]],
  exit: (v) => [['ret', int(u32At(v, SEND.fields.ret.off))]],
};

/** A struct printed at entry and, after a successful call, ` => ` what the kernel wrote back. */
function inThenOut(
  size: number,
  entry: (v: DataView, c: CallContext) => Fields,
  exit: (v: DataView) => Fields,
): Shape {
  return {
    staged: {
      in: (c, a): Staged => {
        const v = derefView(c, a, size);
        return v ? { value: struct(entry(v, c)) } : { value: ptr(a), done: true };
      },
      out: (c, a, before) => {
        if (c.failed) return before.value;
        const v = derefView(c, a, size);
        return { k: 'changed', before: before.value, after: v ? struct(exit(v)) : ptr(a) };
      },
    },
  };
}

const shmFlags = (v: DataView, off: number): Value => flagsOf('tee_shm_flags', u32At(v, off));

/** TEE_IOC_VERSION: the implementation, its generic capabilities and OP-TEE's (others' in hex). */
const version: Shape = {
  out: (c, a) => {
    const v = derefView(c, a, VERSION.size);
    if (!v) return ptr(a);
    const impl = u32At(v, VERSION.fields.impl_id.off);
    const caps = u32At(v, VERSION.fields.impl_caps.off);
    return struct([
      ['impl_id', enumOf('tee_impl_ids', impl)],
      ['gen_caps', flagsOf('tee_gen_caps', u32At(v, VERSION.fields.gen_caps.off))],
      [
        'impl_caps',
        nameOf('tee_impl_ids', impl) === 'TEE_IMPL_ID_OPTEE' ? flagsOf('tee_optee_caps', caps) : xint(caps),
      ],
    ]);
  },
};

const inStruct = (size: number, fields: (v: DataView) => Fields): Shape => ({
  in: (c, a) => {
    const v = derefView(c, a, size);
    return v ? struct(fields(v)) : ptr(a);
  },
});

export const TEE_SHAPES: Readonly<Record<string, Shape>> = {
  TEE_IOC_VERSION: version,
  TEE_IOC_OPEN_SESSION: bufShape(OPEN_SESSION),
  TEE_IOC_INVOKE: bufShape(INVOKE_ARG),
  TEE_IOC_SUPPL_RECV: bufShape(SUPPL_RECV),
  TEE_IOC_SUPPL_SEND: bufShape(SUPPL_SEND),
  TEE_IOC_CANCEL: inStruct(CANCEL.size, (v) => [
    ['cancel_id', int(u32At(v, CANCEL.fields.cancel_id.off))],
    ['session', xint(u32At(v, CANCEL.fields.session.off))],
  ]),
  TEE_IOC_CLOSE_SESSION: inStruct(CLOSE.size, (v) => [['session', xint(u32At(v, CLOSE.fields.session.off))]]),
  TEE_IOC_SHM_ALLOC: inThenOut(
    ALLOC.size,
    (v) => [
      ['size', xint(u64At(v, ALLOC.fields.size.off))],
      ['flags', shmFlags(v, ALLOC.fields.flags.off)],
    ],
    (v) => [
      ['size', xint(u64At(v, ALLOC.fields.size.off))],
      ['flags', shmFlags(v, ALLOC.fields.flags.off)],
      ['id', int(v.getInt32(ALLOC.fields.id.off, true))],
    ],
  ),
  TEE_IOC_SHM_REGISTER: inThenOut(
    REGISTER.size,
    (v) => [
      ['addr', ptr(u64At(v, REGISTER.fields.addr.off))],
      ['length', xint(u64At(v, REGISTER.fields.length.off))],
      ['flags', shmFlags(v, REGISTER.fields.flags.off)],
    ],
    (v) => [
      ['length', xint(u64At(v, REGISTER.fields.length.off))],
      ['flags', shmFlags(v, REGISTER.fields.flags.off)],
      ['id', int(v.getInt32(REGISTER.fields.id.off, true))],
    ],
  ),
  /** Named by value only (tee_ioctl_extra): strace decodes it but, as no header defines it, prints its _IOC. */
  TEE_IOC_SHM_REGISTER_FD: inThenOut(
    REGISTER_FD.size,
    (v, c) => [
      ['fd', fdValue(c, Number(BigInt.asIntN(32, v.getBigInt64(REGISTER_FD.fd, true))))],
      ['flags', shmFlags(v, REGISTER_FD.flags)],
    ],
    (v) => [
      ['size', xint(u64At(v, REGISTER_FD.size_))],
      ['id', int(v.getInt32(REGISTER_FD.id, true))],
    ],
  ),
};
