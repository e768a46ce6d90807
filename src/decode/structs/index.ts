// Struct decoders by the name a signature gives them (`out(stat)`): each reads tracee memory at `addr`.
import { createRequire } from 'node:module';
import { lazyTable } from '../../util/lazy-table.js';
import { CUSTOM_STRUCTS } from '../custom/structs.js';
import { CAPABILITY_STRUCTS } from './capability.js';
import { DIRENT_STRUCTS } from './dirent.js';
import { GROUPS_STRUCTS } from './groups.js';
import { I386_STRUCTS } from './i386.js';
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

// Unbundled, Node (≥ 20.19) require()s the ES module; scripts/bundle.mjs makes lazyRequire esbuild's require, which
// runs the family's initialiser at its first call instead of at every start-up.
const lazyRequire = createRequire(import.meta.url);

/** The struct decoder a signature names (`out(stat)`), or undefined where none exists. The networking family (sockets,
 * netlink, poll and epoll: ~10 % of a trace's start-up, BENCHMARKS.md stop 23) is loaded at its first struct. */
export const structDecoder = lazyTable<StructDecoder>(
  {
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
    ...CUSTOM_STRUCTS,
    ...I386_STRUCTS,
  },
  [
    [
      [
        'sockaddr',
        'socklen_t',
        'msghdr',
        'mmsghdr',
        'entry_timespec',
        'sockopt',
        'pollfd',
        'fd_set',
        'epoll_event',
      ],
      () => (lazyRequire('./net.js') as typeof import('./net.js')).NET_STRUCTS,
    ],
  ],
);
