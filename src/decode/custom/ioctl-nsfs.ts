// ioctl requests of namespace files (linux/nsfs.h), as strace's nsfs_ioctl: the requests that return a namespace's
// fd or type take no argument, NS_GET_OWNER_UID writes the owner's uid.
import { int } from '../../model/value.js';
import { fdValue } from '../args/fds.js';
import type { CallContext } from '../context.js';
import type { Shape } from './ioctl-shape.js';
import { indirect, nameOf } from './util.js';

/** RVAL_FD: the namespace's fd, decorated under -y. */
const returnsFd: Shape = {
  none: true,
  ret: (c, ret) => {
    c.retValue = fdValue(c, Number(ret));
  },
};

export const NSFS_SHAPES: Readonly<Record<string, Shape>> = {
  NS_GET_USERNS: returnsFd,
  NS_GET_PARENT: returnsFd,
  // RVAL_STR: the CLONE_NEW* flag the type is, when it is one
  NS_GET_NSTYPE: {
    none: true,
    ret: (c, ret) => {
      const name = nameOf('setns_nstype', ret);
      if (name) c.retDetail = name;
    },
  },
  // printuid: (uid_t) -1 prints as -1
  NS_GET_OWNER_UID: {
    out: (c: CallContext, a: bigint) =>
      indirect(c, a, 4, (v) => int(v.getUint32(0, true) === 0xffffffff ? -1 : v.getUint32(0, true))),
  },
};
