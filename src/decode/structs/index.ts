// Struct decoders by the name a signature gives them (`out(stat)`): each reads tracee memory at `addr`.
import type { Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { CUSTOM_STRUCTS } from '../custom/structs.js';
import { CAPABILITY_STRUCTS } from './capability.js';
import { DIRENT_STRUCTS } from './dirent.js';
import { NET_STRUCTS } from './net.js';
import { RESOURCE_STRUCTS } from './resource.js';
import { SCALAR_STRUCTS } from './scalar.js';
import { SIGNAL_STRUCTS } from './signal.js';
import { STAT_STRUCTS } from './stat.js';
import { STATFS_STRUCTS } from './statfs.js';
import { STATX_STRUCTS } from './statx.js';
import { SYSINFO_STRUCTS } from './sysinfo.js';
import { TIME_STRUCTS } from './time.js';
import { UNAME_STRUCTS } from './uname.js';

/**
 * Decodes the struct at `addr` for argument `index` (addr is never 0: NULL is printed before calling).
 * A two-phase struct also carries hooks, called with the raw address (0 included) at entry and at exit.
 */
export type StructDecoder = ((ctx: CallContext, addr: bigint, index: number) => Value) & {
  readonly atEntry?: (ctx: CallContext, addr: bigint, index: number) => void;
  readonly atExit?: (ctx: CallContext, addr: bigint, index: number) => void;
};

export const STRUCT_DECODERS: Readonly<Record<string, StructDecoder>> = {
  ...STAT_STRUCTS,
  ...STATX_STRUCTS,
  ...STATFS_STRUCTS,
  ...TIME_STRUCTS,
  ...RESOURCE_STRUCTS,
  ...UNAME_STRUCTS,
  ...CAPABILITY_STRUCTS,
  ...SYSINFO_STRUCTS,
  ...DIRENT_STRUCTS,
  ...SIGNAL_STRUCTS,
  ...SCALAR_STRUCTS,
  ...NET_STRUCTS,
  ...CUSTOM_STRUCTS,
};
