// The AIO calls' structs (strace's aio.c): io_submit's array of struct iocb pointers, io_cancel's iocb (its
// header only) and struct io_event (io_getevents' array, io_cancel's result), laid out from linux/aio_abi.h.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import { iovAddress, iovecArray, iovString } from '../args/iovec.js';
import { byteBuffer } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { xint } from '../structs/read.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { styled } from '../xlat.js';
import { ioprioText } from './misc.js';
import { flagsOf, nameOf, u64, view, xv } from './util.js';

const CB = STRUCTS.iocb;
const F = CB.fields;
const EV = STRUCTS.io_event;

const cmd = (name: string): number => xv('aio_cmds', name);
/** What follows the header, by command (strace's iocb_sub). */
const COMMON = new Set([cmd('IOCB_CMD_PREAD'), cmd('IOCB_CMD_PWRITE')]);
const VECTOR = new Set([cmd('IOCB_CMD_PREADV'), cmd('IOCB_CMD_PWRITEV')]);
const POLL = cmd('IOCB_CMD_POLL');
const RESFD = BigInt(xv('aio_iocb_flags', 'IOCB_FLAG_RESFD'));
const IOPRIO = BigInt(xv('aio_iocb_flags', 'IOCB_FLAG_IOPRIO'));

type Fields = [string, Value][];
const u16 = (v: DataView, off: number): number => v.getUint16(off, true);
const u32 = (v: DataView, off: number): number => v.getUint32(off, true);
const u64At = (v: DataView, off: number): bigint => v.getBigUint64(off, true);

/** aio_data, aio_key and aio_rw_flags when set, the command, the priority and the fd. */
function header(c: CallContext, v: DataView): Fields {
  const out: Fields = [['aio_data', xint(u64At(v, F.aio_data.off))]];
  const key = u32(v, F.aio_key.off);
  if (key) out.push(['aio_key', int(key)]);
  const rw = u32(v, F.aio_rw_flags.off);
  if (rw) out.push(['aio_rw_flags', flagsOf('rwf_flags', rw)]);
  const op = u16(v, F.aio_lio_opcode.off);
  // printxval_ex with XLAT_STYLE_FMT_U: an unknown command in decimal
  const name = nameOf('aio_cmds', op);
  out.push([
    'aio_lio_opcode',
    name ? sym(styled(String(op), name)) : { k: 'commented', value: int(op), comment: 'IOCB_CMD_???' },
  ]);
  const flags = BigInt(u32(v, F.aio_flags.off));
  const prio = u16(v, F.aio_reqprio.off);
  if (flags & IOPRIO) out.push(['aio_reqprio', sym(ioprioText(prio))]);
  else if (prio) out.push(['aio_reqprio', int(v.getInt16(F.aio_reqprio.off, true))]);
  out.push(['aio_fildes', fdValue(c, v.getInt32(F.aio_fildes.off, true))]);
  return out;
}

/** aio_flags when set, then aio_resfd: an fd under IOCB_FLAG_RESFD, else in hex when not zero. */
function commonFlags(c: CallContext, v: DataView, out: Fields): void {
  const flags = u32(v, F.aio_flags.off);
  if (flags) out.push(['aio_flags', flagsOf('aio_iocb_flags', flags)]);
  const resfd = u32(v, F.aio_resfd.off);
  if (BigInt(flags) & RESFD) out.push(['aio_resfd', fdValue(c, resfd | 0)]);
  else if (resfd) out.push(['aio_resfd', xint(resfd)]);
}

/** strace's iocb_is_valid: aio_nbytes fits a non-negative ssize_t (aio_buf always fits on x86_64). */
const valid = (nbytes: bigint): boolean => BigInt.asIntN(64, nbytes) >= 0n;

function iocb(c: CallContext, v: DataView): Value {
  const out = header(c, v);
  const op = u16(v, F.aio_lio_opcode.off);
  const buf = u64At(v, F.aio_buf.off);
  const nbytes = u64At(v, F.aio_nbytes.off);
  const offset = int(v.getBigInt64(F.aio_offset.off, true));
  if (COMMON.has(op)) {
    // a write's buffer is the caller's data
    const data = op === cmd('IOCB_CMD_PWRITE') && valid(nbytes);
    out.push(['aio_buf', data ? byteBuffer(c, buf, Number(nbytes)) : xint(buf)]);
    out.push(['aio_nbytes', int(nbytes)], ['aio_offset', offset]);
    commonFlags(c, v, out);
  } else if (VECTOR.has(op)) {
    if (valid(nbytes)) {
      const print = op === cmd('IOCB_CMD_PWRITEV') ? iovString : iovAddress;
      out.push(['aio_buf', iovecArray(c, buf, nbytes, undefined, print)]);
    } else out.push(['aio_buf', xint(buf)], ['aio_nbytes', int(nbytes)]);
    out.push(['aio_offset', offset]);
    commonFlags(c, v, out);
  } else if (op === POLL) {
    out.push(['aio_buf', flagsOf('poll_events', buf)]);
    commonFlags(c, v, out);
  }
  return { k: 'struct', fields: out };
}

/** io_submit's iocbpp: `nr` pointers, each to an iocb (NULL, or its address when unreadable). */
const iocbArray: StructDecoder = (c: CallContext, addr: bigint, index: number): Value => {
  if (index === 1) {
    // io_cancel: the header only
    const v = view(c, addr, CB.size);
    return v ? { k: 'struct', fields: header(c, v) } : ptr(addr);
  }
  const nr = BigInt.asIntN(64, u64(c, 1));
  if (nr < 0n) return ptr(addr);
  return memArray(c, addr, nr, 8, (p, off) => {
    const at = p.getBigUint64(off, true);
    if (at === 0n) return ptr(0n);
    const v = view(c, at, CB.size);
    return v ? iocb(c, v) : ptr(at);
  });
};

function ioEvent(v: DataView, off: number): Value {
  const f = EV.fields;
  return {
    k: 'struct',
    fields: [
      ['data', xint(u64At(v, off + f.data.off))],
      ['obj', xint(u64At(v, off + f.obj.off))],
      ['res', int(v.getBigInt64(off + f.res.off, true))],
      ['res2', int(v.getBigInt64(off + f.res2.off, true))],
    ],
  };
}

/** io_getevents' events (as many as returned), io_cancel's result (one). */
const ioEvents: StructDecoder = (c: CallContext, addr: bigint): Value => {
  if (c.name === 'io_cancel') {
    const v = view(c, addr, EV.size);
    return v ? ioEvent(v, 0) : ptr(addr);
  }
  return memArray(c, addr, BigInt.asIntN(64, c.ret ?? 0n), EV.size, ioEvent);
};

export const AIO_STRUCTS = { iocb: iocbArray, io_event: ioEvents } as const;
