// Struct decoders by the name a signature gives them (`out(stat)`): each reads tracee memory at `addr`.
import { CUSTOM_STRUCTS } from '../custom/structs.js';
import { CAPABILITY_STRUCTS } from './capability.js';
import { DIRENT_STRUCTS } from './dirent.js';
import { GROUPS_STRUCTS } from './groups.js';
import { I386_STRUCTS } from './i386.js';
import { NET_STRUCTS } from './net.js';
import { RESOURCE_STRUCTS } from './resource.js';
import { SCALAR_STRUCTS } from './scalar.js';
import { SIGNAL_STRUCTS } from './signal.js';
import { STAT_STRUCTS } from './stat.js';
import { STATFS_STRUCTS } from './statfs.js';
import { STATX_STRUCTS } from './statx.js';
import type { StructDecoder } from './struct-decoder.js';
import { SYSCTL_STRUCTS } from './sysctl.js';
import { SYSINFO_STRUCTS } from './sysinfo.js';
import { TIME_STRUCTS } from './time.js';
import { UNAME_STRUCTS } from './uname.js';

export type { StructDecoder } from './struct-decoder.js';

export const STRUCT_DECODERS: Readonly<Record<string, StructDecoder>> = {
  ...STAT_STRUCTS,
  ...STATX_STRUCTS,
  ...STATFS_STRUCTS,
  ...TIME_STRUCTS,
  ...RESOURCE_STRUCTS,
  ...UNAME_STRUCTS,
  ...CAPABILITY_STRUCTS,
  ...SYSINFO_STRUCTS,
  ...SYSCTL_STRUCTS,
  ...DIRENT_STRUCTS,
  ...GROUPS_STRUCTS,
  ...SIGNAL_STRUCTS,
  ...SCALAR_STRUCTS,
  ...NET_STRUCTS,
  ...CUSTOM_STRUCTS,
  ...I386_STRUCTS,
};
