// The networking and I/O-multiplexing struct decoders, registered together in index.ts.
import { EPOLL_STRUCTS } from './epoll.js';
import { FDSET_STRUCTS } from './fdset.js';
import { MSGHDR_STRUCTS } from './msghdr.js';
import { POLLFD_STRUCTS } from './pollfd.js';
import { SOCKADDR_STRUCTS } from './sockaddr.js';
import { SOCKOPT_STRUCTS } from './sockopt.js';

export const NET_STRUCTS = {
  ...SOCKADDR_STRUCTS,
  ...MSGHDR_STRUCTS,
  ...SOCKOPT_STRUCTS,
  ...POLLFD_STRUCTS,
  ...FDSET_STRUCTS,
  ...EPOLL_STRUCTS,
} as const;
