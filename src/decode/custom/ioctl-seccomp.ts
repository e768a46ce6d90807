// ioctl requests of a seccomp user-notification listener (linux/seccomp.h, type '!'), as strace's seccomp_ioctl
// prints them: the notification received (the caller's buffer at entry when it was not zeroed, `=> ` what came
// back), the response sent, the id checked and the fd added.
import { int, NONE, ptr, sym, type Value } from '../../model/value.js';
import { errnoByValue } from '../../tables/errnos.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { syscallName } from '../../tables/syscalls.js';
import { fdValue } from '../args/fds.js';
import { pidValue } from '../args/numbers.js';
import type { CallContext } from '../context.js';
import { currentConstStyle, styled } from '../xlat.js';
import type { Shape } from './ioctl-shape.js';
import { enumOf, flagsOf, nameOf, view, xval } from './util.js';

type Fields = [string, Value][];
const struct = (fields: Fields): Value => ({ k: 'struct', fields });
const N = STRUCTS.seccomp_notif;
const DATA = STRUCTS.seccomp_data;
const RESP = STRUCTS.seccomp_notif_resp;
const ADDFD = STRUCTS.seccomp_notif_addfd;

/**
 * strace's PRINT_FIELD_SYSCALL_NAME: the number, named for the arch it belongs to: `__NR_gettid` (the number
 * alone under -X raw, with the name as a comment under -X verbose).
 */
function syscallNr(nr: number, arch: number): Value {
  const named = nameOf('audit_arch', arch) === 'AUDIT_ARCH_X86_64' ? syscallName('x86_64', nr) : undefined;
  if (!named || named.startsWith('syscall_')) return int(nr >>> 0);
  return sym(styled(String(nr >>> 0), `__NR_${named}`));
}

function notification(c: CallContext, v: DataView): Value {
  const d = N.fields.data.off;
  const arch = v.getUint32(d + DATA.fields.arch.off, true);
  const args = DATA.fields.args;
  return struct([
    ['id', xval(v.getBigUint64(N.fields.id.off, true))],
    ['pid', pidValue(c, v.getInt32(N.fields.pid.off, true))],
    ['flags', xval(v.getUint32(N.fields.flags.off, true))],
    [
      'data',
      struct([
        ['nr', syscallNr(v.getInt32(d + DATA.fields.nr.off, true), arch)],
        ['arch', enumOf('audit_arch', arch)],
        ['instruction_pointer', ptr(v.getBigUint64(d + DATA.fields.instruction_pointer.off, true))],
        [
          'args',
          {
            k: 'array',
            items: Array.from({ length: args.count }, (_, i) =>
              xval(v.getBigUint64(d + args.off + 8 * i, true)),
            ),
          },
        ],
      ]),
    ],
  ]);
}

/** PRINT_FIELD_ERR_D: a negated errno by name (`-ENOSR`), any other number in decimal. */
function negatedErrno(n: number): Value {
  const name = n < 0 ? errnoByValue(-n)?.name : undefined;
  if (!name) return int(n);
  return currentConstStyle() === 'raw' ? int(n) : sym(styled(String(n), `-${name}`));
}

function response(c: CallContext, a: bigint): Value {
  const v = view(c, a, RESP.size);
  if (!v) return ptr(a);
  return struct([
    ['id', xval(v.getBigUint64(RESP.fields.id.off, true))],
    ['val', int(v.getBigInt64(RESP.fields.val.off, true))],
    ['error', negatedErrno(v.getInt32(RESP.fields.error.off, true))],
    ['flags', flagsOf('seccomp_ioctl_resp_flags', v.getUint32(RESP.fields.flags.off, true))],
  ]);
}

function addfd(c: CallContext, a: bigint): Value {
  const v = view(c, a, ADDFD.size);
  if (!v) return ptr(a);
  return struct([
    ['id', xval(v.getBigUint64(ADDFD.fields.id.off, true))],
    ['flags', flagsOf('seccomp_ioctl_addfd_flags', v.getUint32(ADDFD.fields.flags.off, true))],
    ['srcfd', fdValue(c, v.getInt32(ADDFD.fields.srcfd.off, true))],
    ['newfd', int(v.getInt32(ADDFD.fields.newfd.off, true))],
    ['newfd_flags', flagsOf('open_mode_flags', v.getUint32(ADDFD.fields.newfd_flags.off, true))],
  ]);
}

const idAt = (c: CallContext, a: bigint): Value => {
  const v = view(c, a, 8);
  return v ? { k: 'array', items: [xval(v.getBigUint64(0, true))] } : ptr(a);
};

/**
 * SECCOMP_IOCTL_NOTIF_RECV: a zeroed buffer (what a listener passes) prints only at exit; anything else prints
 * at entry too, then `=> ` the notification (or the address when the call failed).
 */
const RECV: Shape = {
  staged: {
    in: (c, a) => {
      const v = view(c, a, N.size);
      if (!v) return { value: ptr(a), done: true };
      const zero = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).every((b) => b === 0);
      return { value: zero ? NONE : notification(c, v) };
    },
    out: (c, a, entry) => {
      const v = c.failed ? undefined : view(c, a, N.size);
      const after = v ? notification(c, v) : ptr(a);
      return entry.value.k === 'none' ? after : { k: 'changed', before: entry.value, after };
    },
  },
};

export const SECCOMP_SHAPES: Readonly<Record<string, Shape>> = {
  SECCOMP_IOCTL_NOTIF_RECV: RECV,
  SECCOMP_IOCTL_NOTIF_SEND: { in: response },
  SECCOMP_IOCTL_NOTIF_ID_VALID: { in: idAt },
  SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR: { in: idAt },
  SECCOMP_IOCTL_NOTIF_ADDFD: { in: addfd },
};
