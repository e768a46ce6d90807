// How the analyses read a call's decoded values (model/value.ts): strings as text, fds with the path -y gave,
// symbols, the errno's name, an argument by its signature's name.
import { callSignature } from '../format/jsonl-record.js';
import { argCount, argOf } from '../import/line-call.js';
import type { Call } from '../model/call.js';
import type { Value } from '../model/value.js';
import { errnoByValue } from '../tables/errnos.js';

/** The errno's name when the call failed (null when it did not, or the number has no name). */
export const errnoOf = (c: Call): string | null =>
  c.errno === undefined ? null : (errnoByValue(c.errno)?.name ?? null);

/** The value of the argument the call's signature names `name`; undefined when nothing was decoded there. */
export function argNamed(c: Call, name: string): Value | undefined {
  const i = callSignature(c).args.findIndex((a) => a.name === name);
  const v = i < 0 ? undefined : argOf(c, i);
  return v?.k === 'none' ? undefined : v;
}

/** The name of argument i: its signature's, `argN` past it (an imported log's extra values). */
export const argName = (c: Call, i: number): string => callSignature(c).args[i]?.name ?? `arg${i}`;

/** A string argument's bytes as UTF-8 text, undefined when it is not a string. */
export function strOf(v: Value | undefined): string | undefined {
  if (v?.k !== 'str') return undefined;
  // the same path is read as text by pathUses, the fd table and the failure's text in turn: decode it once
  if (v.bytes !== lastBytes) {
    lastText = Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.length).toString('utf8');
    lastBytes = v.bytes;
  }
  return lastText;
}
let lastBytes: Uint8Array | undefined;
let lastText = '';

/** An fd argument or return value: an fd, or a plain integer (within 2^53, as JSON carries it). */
export function fdOf(v: Value | undefined): number | undefined {
  if (v?.k === 'fd') return v.fd;
  if (v?.k === 'int') {
    if (typeof v.v === 'number') return v.v;
    return v.v >= -(2n ** 53n) && v.v <= 2n ** 53n ? Number(v.v) : undefined;
  }
  return undefined;
}

/** Argument i as an fd: the decoded value, else the register (imported logs have none). */
export function fdArgOf(c: Call, i: number): number | undefined {
  if (i >= argCount(c)) return undefined;
  const v = fdOf(argOf(c, i));
  if (v !== undefined) return v;
  const raw = c.raw[i];
  return raw === undefined ? undefined : Number(BigInt.asIntN(32, raw));
}

/** Register i as `vat --json` writes it (unsigned), when the call has it. */
export function rawOf(c: Call, i: number): bigint | undefined {
  const raw = i < argCount(c) ? c.raw[i] : undefined;
  return raw === undefined ? undefined : BigInt.asUintN(64, raw);
}

/** The path -y attached to an fd value, when the trace has one. */
export function fdPathOf(v: Value | undefined): string | undefined {
  return v?.k === 'fd' ? v.path : undefined;
}

/** Symbolic text of a value (`O_RDONLY|O_CLOEXEC`), searching through comments and names. */
export function symOf(v: Value | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v.k === 'sym') return v.text;
  if (v.k === 'commented' || v.k === 'named') return symOf(v.value);
  return undefined;
}

/** A struct's field by name. */
export function fieldOf(v: Value | undefined, name: string): Value | undefined {
  if (v?.k !== 'struct') return undefined;
  for (let i = v.fields.length - 1; i >= 0; i--) {
    const f = v.fields[i];
    if (f?.[0] === name) return f[1];
  }
  return undefined;
}
