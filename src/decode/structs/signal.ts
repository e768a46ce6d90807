// Signal structs: the kernel's sigaction (rt_sigaction), stack_t (sigaltstack), siginfo_t (rt_sigqueueinfo,
// rt_sigtimedwait, waitid) and the {sigmask, sigsetsize} pair of pselect6 and io_pgetevents.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { signalName } from '../../tables/signals.js';
import { isI386 } from '../abi.js';
import { fdValue } from '../args/fds.js';
import { pidValue } from '../args/numbers.js';
import { sigsetAt, sigsetText } from '../args/sigset.js';
import type { CallContext } from '../context.js';
import { decodeSiginfo } from '../siginfo.js';
import { hex, lookupXlat, styled } from '../xlat.js';
import { readView, xlatText } from './read.js';

/** struct sigaction as x86_64's rt_sigaction takes it (arch/x86/include/uapi/asm/signal.h, kernel view). */
export const SIGACTION = { size: 32, handler: 0, flags: 8, restorer: 16, mask: 24, maskSize: 8 } as const;
/** SA_RESTORER (arch/x86/include/uapi/asm/signal.h): sa_restorer is printed only when it is set. */
const SA_RESTORER = 0x04000000n;
/** Handler values with names (SIG_DFL, SIG_IGN, SIG_ERR), generated from uapi/asm-generic/signal-defs.h. */
const HANDLERS = 'sa_handler';

function sigaction(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, SIGACTION.size);
  if (!v) return ptr(addr);
  const handler = v.getBigUint64(SIGACTION.handler, true);
  const flags = v.getBigUint64(SIGACTION.flags, true);
  const mask = new Uint8Array(v.buffer, v.byteOffset + SIGACTION.mask, SIGACTION.maskSize);
  // the whole 64-bit value: 0xffffffff is an address, not SIG_ERR
  const name = lookupXlat(HANDLERS)?.values.find(([, n]) => BigInt.asUintN(64, BigInt(n)) === handler)?.[0];
  const fields: [string, Value][] = [
    ['sa_handler', name ? sym(styled(hex(handler), name)) : ptr(handler)],
    ['sa_mask', sym(sigsetText(mask))],
    ['sa_flags', sym(xlatText('sa_flags', flags, 'flags'))],
  ];
  if (flags & SA_RESTORER) fields.push(['sa_restorer', ptr(v.getBigUint64(SIGACTION.restorer, true))]);
  return { k: 'struct', fields };
}

/** stack_t (include/uapi/asm-generic/signal.h): ss_sp @0, ss_flags int @8, ss_size size_t @16. */
const STACK = { size: 24, sp: 0, flags: 8, size_: 16 } as const;

/** compat_stack_t (an i386 call's): ss_sp u32 @0, ss_flags int @4, ss_size u32 @8. */
export const STACK32 = { size: 12, sp: 0, flags: 4, size_: 8 } as const;

function stackT(c: CallContext, addr: bigint): Value {
  const i386 = isI386(c);
  const v = readView(c, addr, i386 ? STACK32.size : STACK.size);
  if (!v) return ptr(addr);
  const L = i386 ? STACK32 : STACK;
  const word = (off: number): bigint => (i386 ? BigInt(v.getUint32(off, true)) : v.getBigUint64(off, true));
  return {
    k: 'struct',
    fields: [
      ['ss_sp', ptr(word(L.sp))],
      ['ss_flags', sym(xlatText('sigaltstack_flags', v.getUint32(L.flags, true), 'flags'))],
      ['ss_size', int(word(L.size_))],
    ],
  };
}

/** siginfo_t (include/uapi/asm-generic/siginfo.h): 128 bytes, decoded by the signal-line decoder. */
const SIGINFO_SIZE = 128;

function siginfo(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, SIGINFO_SIZE);
  return v
    ? decodeSiginfo(
        v,
        (pid) => pidValue(c, pid),
        (fd) => fdValue(c, fd),
      )
    : ptr(addr);
}

/** pselect6's sixth argument (fs/select.c): { const sigset_t *ss @0; size_t ss_len @8 }. */
const SIGSET_ARG = { size: 16, set: 0, len: 8 } as const;

/** The same pair from an i386 call: a 32-bit pointer and a 32-bit size_t. */
const SIGSET_ARG32 = { size: 8, set: 0, len: 4 } as const;

function kernelSigset(c: CallContext, addr: bigint): Value {
  const i386 = isI386(c);
  const v = readView(c, addr, i386 ? SIGSET_ARG32.size : SIGSET_ARG.size);
  if (!v) return ptr(addr);
  const len = i386 ? BigInt(v.getUint32(SIGSET_ARG32.len, true)) : v.getBigUint64(SIGSET_ARG.len, true);
  const set = i386 ? BigInt(v.getUint32(SIGSET_ARG32.set, true)) : v.getBigUint64(SIGSET_ARG.set, true);
  return {
    k: 'struct',
    fields: [
      ['sigmask', sigsetAt(c, set, len)],
      ['sigsetsize', int(len)],
    ],
  };
}

/**
 * struct sigevent (include/uapi/asm-generic/siginfo.h): 64 bytes, of which strace reads the 32 its fields use
 * (its struct_sigevent), so a sigevent at the end of a page still decodes; the union is read by type.
 */
const SIGEVENT = { size: 32, value: 0, signo: 8, notify: 12, tid: 16, function: 16, attribute: 24 } as const;
/** sigev_notify values (include/uapi/asm-generic/siginfo.h) that name a signal or carry more fields. */
const SIGEV_SIGNAL = 0;
const SIGEV_THREAD = 2;
const SIGEV_THREAD_ID = 4;

/** strace's print_sigevent: sigev_value only when its pointer is set, the signal, the notification type. */
function sigevent(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, SIGEVENT.size);
  if (!v) return ptr(addr);
  const fields: [string, Value][] = [];
  const value = v.getBigUint64(SIGEVENT.value, true);
  if (value !== 0n) {
    fields.push([
      'sigev_value',
      {
        k: 'struct',
        fields: [
          ['sival_int', int(v.getInt32(SIGEVENT.value, true))],
          ['sival_ptr', ptr(value)],
        ],
      },
    ]);
  }
  const notify = v.getInt32(SIGEVENT.notify, true);
  const signo = v.getInt32(SIGEVENT.signo, true);
  const named = notify === SIGEV_SIGNAL || notify === SIGEV_THREAD || notify === SIGEV_THREAD_ID;
  fields.push(['sigev_signo', named ? signalValue(signo) : int(signo >>> 0)]);
  fields.push(['sigev_notify', sym(xlatText('sigev_notify', notify >>> 0, 'enum'))]);
  if (notify === SIGEV_THREAD_ID)
    fields.push(['sigev_notify_thread_id', int(v.getInt32(SIGEVENT.tid, true))]);
  if (notify === SIGEV_THREAD) {
    fields.push(['sigev_notify_function', ptr(v.getBigUint64(SIGEVENT.function, true))]);
    fields.push(['sigev_notify_attributes', ptr(v.getBigUint64(SIGEVENT.attribute, true))]);
  }
  return { k: 'struct', fields };
}

/** strace's printsignal: the name (styled by -X), or the number when it has none. */
const signalValue = (n: number): Value => {
  const name = signalName(n);
  return n > 0 && name !== String(n) ? sym(styled(String(n), name)) : int(n);
};

/**
 * rt_sigreturn's argument as strace prints it (`{mask=[]}`): the signal mask saved in the rt_sigframe that the
 * handler's return popped, i.e. in its ucontext at `sp` + 296 (arch/x86/include/asm/sigframe.h: the frame starts
 * 8 bytes below sp with pretcode; uc_sigmask sits 8 + 296 bytes into it). `sp` is the stack pointer at entry.
 */
export function sigreturnMask(c: CallContext, sp: bigint): Value {
  return { k: 'struct', fields: [['mask', sigsetAt(c, sp + BigInt(SIGRETURN_MASK.offset), 8n)]] };
}

/** Where rt_sigreturn's saved mask lies from the stack pointer at entry, and its size (what a capture must cover). */
export const SIGRETURN_MASK = { offset: 296, size: 8 } as const;

/**
 * The same for a 32-bit program (arch/x86/include/asm/sigframe.h). sigreturn's struct sigframe_ia32 starts 8 bytes
 * below sp (pretcode, sig), so sp points at its struct sigcontext_32 (88 bytes): the mask's low word is its oldmask
 * (@80), the high word extramask[0], after the sigcontext and a struct _fpstate_32 (624 bytes). rt_sigreturn's
 * struct rt_sigframe_ia32 starts 4 below sp (pretcode, sig, pinfo, puc, a 128-byte compat_siginfo, then the
 * ucontext_ia32 whose uc_sigmask is at 108): sp + 248. Sizes checked by a test against gcc -m32.
 */
export const SIGRETURN_MASK_I386 = { low: 80, high: 88 + 624, rt: -4 + 16 + 128 + 108 } as const;

/** An i386 sigreturn's or rt_sigreturn's saved mask, as `{mask=[...]}`. */
export function sigreturnMaskI386(c: CallContext, sp: bigint, rt: boolean): Value {
  if (rt) return { k: 'struct', fields: [['mask', sigsetAt(c, sp + BigInt(SIGRETURN_MASK_I386.rt), 8n)]] };
  const low = readView(c, sp + BigInt(SIGRETURN_MASK_I386.low), 4);
  const high = readView(c, sp + BigInt(SIGRETURN_MASK_I386.high), 4);
  if (!low || !high) return ptr(sp);
  const bytes = new Uint8Array(8);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, low.getUint32(0, true), true);
  v.setUint32(4, high.getUint32(0, true), true);
  return { k: 'struct', fields: [['mask', sym(sigsetText(bytes))]] };
}

export const SIGNAL_STRUCTS = {
  sigevent,
  sigaction,
  sigaltstack: stackT,
  siginfo,
  kernel_sigset: kernelSigset,
} as const;
