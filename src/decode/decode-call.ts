// Signature-driven decoding of one call: entry-phase arguments at entry, the rest at exit, then the return value.
import { hex, int, ptr, type Value } from '../model/value.js';
import { signatureOf } from '../tables/lookup.js';
import { signalName } from '../tables/signals.js';
import type { Signature, SignatureArg } from '../tables/signature.js';
import { fdValue } from './args/fds.js';
import type { ArgDecoder, CallContext } from './context.js';
import { ARG_DECODERS, phaseOf } from './registry.js';
import { timeComment } from './structs/read.js';
import { formatFlags, lookupXlat, xlatName } from './xlat.js';

/** strace's fallback for a syscall without a signature: six raw hex arguments. */
const UNKNOWN: Signature = {
  args: Array.from({ length: 6 }, (_, i) => ({ name: `arg${i}`, kind: 'hex' as const })),
  ret: 'int',
};

export function signatureFor(name: string): Signature {
  return signatureOf(name) ?? UNKNOWN;
}

/** Index of the first argument decoded at exit (args.length when all are known at entry). */
export function exitSplit(sig: Signature): number {
  const i = sig.args.findIndex((a) => phaseOf(a) === 'exit');
  return i < 0 ? sig.args.length : i;
}

/** Argument kinds that follow a pointer to a structure or an array: -e verbose= leaves them as addresses. */
const DEREFERENCED = new Set([
  'in',
  'out',
  'inout',
  'iovec',
  'oiovec',
  'argv',
  'envp',
  'fdpair',
  'sigset',
  'osigset',
]);

function decodeRange(ctx: CallContext, from: number, to: number): Value[] {
  const out: Value[] = [];
  const decoders = planOf(ctx.args).decoders;
  for (let i = from; i < to; i++) {
    const a = ctx.args[i];
    const d = decoders[i];
    if (!a || !d) continue;
    if (ctx.opts.noDeref && DEREFERENCED.has(a.kind)) out.push(ptr(BigInt.asUintN(64, ctx.raw[i] ?? 0n)));
    else {
      try {
        out.push(d.decode(ctx, i, a.param));
      } catch {
        // a decoder fault costs this argument its decoding (its raw value), not the call's other arguments
        out.push(hex(BigInt.asUintN(64, ctx.raw[i] ?? 0n)));
      }
    }
  }
  return out;
}

/** A signature's decoders and which hooks they have, found once per signature rather than at every call. */
interface ArgsPlan {
  readonly decoders: readonly ArgDecoder[];
  readonly atEntry: boolean;
  readonly atExit: boolean;
}
const planCache = new WeakMap<readonly SignatureArg[], ArgsPlan>();
/** The last signature's plan: a call's exit follows its entry, so most lookups need no WeakMap. */
let lastArgs: readonly SignatureArg[] | undefined;
let lastPlan: ArgsPlan | undefined;
function planOf(args: readonly SignatureArg[]): ArgsPlan {
  if (args === lastArgs && lastPlan) return lastPlan;
  let p = planCache.get(args);
  if (!p) {
    const decoders = args.map((a) => ARG_DECODERS[a.kind]);
    p = {
      decoders,
      atEntry: decoders.some((d) => d.atEntry !== undefined),
      atExit: decoders.some((d) => d.atExit !== undefined),
    };
    planCache.set(args, p);
  }
  lastArgs = args;
  lastPlan = p;
  return p;
}

/** Runs every argument's atEntry or atExit hook (two-phase decoders). */
function runHooks(ctx: CallContext, hook: 'atEntry' | 'atExit'): void {
  const p = planOf(ctx.args);
  if (!p[hook]) return;
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i];
    if (a) p.decoders[i]?.[hook]?.(ctx, i, a.param);
  }
}

/** Arguments printed at entry: everything before the first exit-phase argument. */
export function decodeEnter(ctx: CallContext, split: number): Value[] {
  runHooks(ctx, 'atEntry');
  return decodeRange(ctx, 0, split);
}

/** Arguments printed at exit: the first exit-phase argument and all after it. */
export function decodeExit(ctx: CallContext, split: number): Value[] {
  runHooks(ctx, 'atExit');
  return decodeRange(ctx, split, ctx.args.length);
}

/**
 * The result fields of an exit event from a decoded return: the errno when the call failed, else the value
 * to display (an exit decoder's own form first) and its trailing detail. Shared by every engine.
 */
export function returnFields(
  ctx: CallContext,
  result: { value?: Value; errno?: number },
): { errno?: number; retValue?: Value; retDetail?: string } {
  return putReturnFields({}, ctx, result);
}

/** returnFields() added to an event being built, in the same order: no object made and spread per call. */
export function putReturnFields<T extends { errno?: number; retValue?: Value; retDetail?: string }>(
  target: T,
  ctx: CallContext,
  result: { value?: Value; errno?: number },
): T {
  if (result.errno !== undefined) target.errno = result.errno;
  else {
    const retValue = ctx.retValue ?? result.value;
    if (retValue !== undefined) target.retValue = retValue;
    if (ctx.retDetail !== undefined) target.retDetail = `(${ctx.retDetail})`;
  }
  return target;
}

/** Largest errno the kernel returns as -errno (MAX_ERRNO). */
const MAX_ERRNO = 4095n;

/** Splits a raw return into an errno or a displayed value, by the signature's return kind. */
export function decodeReturn(
  ctx: CallContext,
  sig: Signature,
  ret: bigint,
): { value?: Value; errno?: number } {
  const signed = BigInt.asIntN(64, ret);
  if (signed < 0n && signed >= -MAX_ERRNO) return { errno: Number(-signed) };
  switch (sig.ret) {
    case 'udec':
      // strace's RVAL_UDECIMAL: `geteuid() = 9223372036854775808`
      return { value: int(BigInt.asUintN(64, ret)) };
    case 'fd':
      return { value: fdValue(ctx, Number(signed)) };
    case 'hex':
      return { value: hex(BigInt.asUintN(64, ret)) };
    case 'octal':
      return { value: { k: 'oct', v: Number(signed) } };
    case 'time': {
      // strace's time(2): RVAL_STR with sprinttime of the value
      const date = timeComment(signed, 0n, 0n, 0);
      if (date !== undefined) ctx.retDetail ??= date;
      return { value: int(signed) };
    }
    case 'signal':
      // strace's rt_sigtimedwait: RVAL_STR with signame() of a non-zero result
      if (signed !== 0n) ctx.retDetail ??= signalName(Number(signed));
      return { value: int(signed) };
    case 'flags':
    case 'enum': {
      // strace's RVAL_STR with a table: `0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)`, `0 (SCHED_OTHER)`
      const table = sig.retParam === undefined ? undefined : lookupXlat(sig.retParam);
      if (sig.ret === 'enum') {
        const name = table ? xlatName(table, signed) : undefined;
        if (name !== undefined) ctx.retDetail ??= name;
        return { value: int(signed) };
      }
      if (table) ctx.retDetail ??= formatFlags(table, signed);
      return { value: hex(BigInt.asUintN(64, ret)) };
    }
    default:
      return { value: int(signed) };
  }
}
