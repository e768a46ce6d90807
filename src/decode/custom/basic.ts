// Arguments decoded basically: the pointer, or the few cases that need no struct layout:
// fsconfig, fanotify_mark's dirfd, and the LSM and listmount calls (newer than strace 6.1, which prints
// them raw).
import { int, ptr, sym } from '../../model/value.js';
import { dirfdValue, fdValue } from '../args/fds.js';
import { cString, PATH_MAX } from '../args/strings.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { styled } from '../xlat.js';
import { boundedString, hexString, i32, nameOf, u32, u64, xv } from './util.js';

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
/** The largest FSCONFIG_SET_BINARY blob strace prints (1 MiB). */
const BINARY_MAX = 1024 * 1024;
const fsconfigValue: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    switch (fsconfigCmd(c)) {
      case 'FSCONFIG_SET_STRING':
        return boundedString(c, u64(c, i), 256);
      case 'FSCONFIG_SET_PATH':
      case 'FSCONFIG_SET_PATH_EMPTY':
        return cString(c, u64(c, i), PATH_MAX - 1);
      case 'FSCONFIG_SET_BINARY': {
        // the blob's length is aux; strace shows it in hex when 0 <= aux <= 1 MiB
        const aux = i32(c, 4);
        return aux >= 0 && aux <= BINARY_MAX ? hexString(c, u64(c, i), aux) : ptr(u64(c, i));
      }
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
        return dirfdValue(c, aux);
      case 'FSCONFIG_SET_FD':
        return fdValue(c, aux);
      default:
        return int(aux);
    }
  },
};

/** fanotify_mark's dirfd: FAN_NOFD (-1) by name (strace's print_xlat_d), else as a directory fd. */
const FAN_NOFD = xv('fanotify_dirfd', 'FAN_NOFD');
const fanotifyDirfd: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const fd = i32(c, i);
    return fd === FAN_NOFD ? sym(styled(String(fd), 'FAN_NOFD')) : dirfdValue(c, fd);
  },
};

export const BASIC_DECODERS = {
  fsconfig_key: fsconfigKey,
  fsconfig_value: fsconfigValue,
  fsconfig_aux: fsconfigAux,
  fanotify_dirfd: fanotifyDirfd,
  lsm_ctx: addressAtExit,
  lsm_ids: addressAtExit,
  listmount_ids: addressAtExit,
} as const satisfies Record<string, ArgDecoder>;
