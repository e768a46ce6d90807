// struct epoll_event (src/epoll.c): epoll_ctl's event at entry (an address for EPOLL_CTL_DEL), epoll_wait's
// array at exit with as many events as returned: `[{events=EPOLLIN, data={u32=3, u64=3}}]`.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { asInt, type CallContext } from '../context.js';
import { memArray } from './array.js';
import { readView, xlatText } from './read.js';
import type { StructDecoder } from './struct-decoder.js';

/** struct epoll_event (include/uapi/linux/eventpoll.h), packed on x86_64: events u32 @0, data u64 @4. */
const EPOLL_EVENT = { size: 12, events: 0, data: 4 } as const;
/** EPOLL_CTL_DEL (include/uapi/linux/eventpoll.h): its event argument is ignored and printed as an address. */
const EPOLL_CTL_DEL = 2;

function eventOf(v: DataView, off: number): Value {
  const data = v.getBigUint64(off + EPOLL_EVENT.data, true);
  return {
    k: 'struct',
    fields: [
      ['events', sym(xlatText('epoll_events', v.getUint32(off + EPOLL_EVENT.events, true), 'flags'))],
      [
        'data',
        {
          k: 'struct',
          fields: [
            ['u32', int(Number(data & 0xffffffffn))],
            ['u64', int(data)],
          ],
        },
      ],
    ],
  };
}

/** `epoll_event`: one event for epoll_ctl (in), the returned events for epoll_wait and epoll_pwait (out). */
const epollEvent: StructDecoder = (c: CallContext, addr: bigint, index: number): Value => {
  if (c.args[index]?.kind === 'in') {
    if (asInt(c.raw[1]) === EPOLL_CTL_DEL) return ptr(addr);
    const v = readView(c, addr, EPOLL_EVENT.size);
    return v ? eventOf(v, 0) : ptr(addr);
  }
  return memArray(c, addr, BigInt.asIntN(64, c.ret ?? 0n), EPOLL_EVENT.size, eventOf);
};

export const EPOLL_STRUCTS = { epoll_event: epollEvent } as const;
