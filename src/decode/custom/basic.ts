// Arguments decoded basically: the pointer, or the few cases that need no struct layout:
// fsconfig, landlock rules, io_uring_register, and the LSM and listmount calls (newer than strace 6.1, which prints
// them raw).
import { int, ptr, sym } from '../../model/value.js';
import { fdValue } from '../args/fds.js';
import { cString } from '../args/strings.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { boundedString, i32, nameOf, u32, u64 } from './util.js';

const address: ArgDecoder = { phase: 'entry', decode: (c, i) => ptr(u64(c, i)) };
const addressAtExit: ArgDecoder = { phase: 'exit', decode: (c, i) => ptr(u64(c, i)) };

/** fsconfig's key, value and aux by command (strace's SYS_FUNC(fsconfig)). */
const fsconfigCmd = (c: CallContext): string => nameOf('fsconfig_cmd', u32(c, 1)) ?? '';
const KEYED = new Set([
  'FSCONFIG_SET_FLAG',
  'FSCONFIG_SET_STRING',
  'FSCONFIG_SET_BINARY',
  'FSCONFIG_SET_PATH',
  'FSCONFIG_SET_PATH_EMPTY',
  'FSCONFIG_SET_FD',
]);
const fsconfigKey: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => (KEYED.has(fsconfigCmd(c)) ? boundedString(c, u64(c, i), 256) : ptr(u64(c, i))),
};
const fsconfigValue: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    switch (fsconfigCmd(c)) {
      case 'FSCONFIG_SET_STRING':
        return boundedString(c, u64(c, i), 256);
      case 'FSCONFIG_SET_PATH':
      case 'FSCONFIG_SET_PATH_EMPTY':
        return cString(c, u64(c, i), 4096);
      default:
        return ptr(u64(c, i));
    }
  },
};
const fsconfigAux: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const aux = i32(c, i);
    switch (fsconfigCmd(c)) {
      case 'FSCONFIG_SET_PATH':
      case 'FSCONFIG_SET_PATH_EMPTY':
        return aux === -100 ? sym('AT_FDCWD') : fdValue(c, aux);
      case 'FSCONFIG_SET_FD':
        return fdValue(c, aux);
      default:
        return int(aux);
    }
  },
};

/** io_uring_register's arg: fd arrays for FILES and EVENTFD, else the address. */
const FD_ARRAYS = new Set([
  'IORING_REGISTER_FILES',
  'IORING_REGISTER_EVENTFD',
  'IORING_REGISTER_EVENTFD_ASYNC',
]);
const ioUringRegisterArg: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) =>
    FD_ARRAYS.has(nameOf('io_uring_register_op', u32(c, 1)) ?? '')
      ? memArray(c, u64(c, i), u32(c, 3), 4, (v, off) => fdValue(c, v.getInt32(off, true)))
      : ptr(u64(c, i)),
};

export const BASIC_DECODERS = {
  fsconfig_key: fsconfigKey,
  fsconfig_value: fsconfigValue,
  fsconfig_aux: fsconfigAux,
  landlock_rule_attr: address,
  io_uring_register_arg: ioUringRegisterArg,
  lsm_ctx: addressAtExit,
  lsm_ids: addressAtExit,
  listmount_ids: addressAtExit,
} as const satisfies Record<string, ArgDecoder>;
