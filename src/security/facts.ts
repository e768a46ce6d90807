// What one finished syscall says about a program's behaviour: the facts a profile records and a check compares.
// Numbers come from the raw registers (the same in a live trace and in `vat --json` output); paths and
// addresses from the decoded arguments.
import { isAbsolute, join } from 'node:path';
import { lookupXlat } from '../decode/xlat.js';
import type { JsonValue } from '../format/json-value.js';
import type { Access, ProfileArch } from './profile.js';

/** A syscall as the security tools see it: entry and exit joined. */
export interface CallRecord {
  readonly tid: number;
  /** The call's name in its ABI (i386 names for `int $0x80`, x86_64 names for x32 numbers). */
  readonly name: string;
  readonly abi: ProfileArch | 'x32';
  readonly raw: readonly (bigint | undefined)[];
  /** Decoded arguments as `vat --json` writes them (null where nothing was decoded). */
  readonly args: readonly JsonValue[];
  /** Return value; undefined when the call never returned (exec'd away, or the thread died). */
  readonly ret: bigint | undefined;
}

export type Fact =
  | { readonly kind: 'syscall'; readonly arch: ProfileArch | 'x32'; readonly name: string }
  | { readonly kind: 'exec'; readonly path: string }
  | { readonly kind: 'file'; readonly path: string; readonly access: Access }
  | { readonly kind: 'socket'; readonly family: string; readonly type: string }
  | { readonly kind: 'address'; readonly op: string; readonly family: string; readonly address: string }
  | { readonly kind: 'ioctl'; readonly request: string }
  | { readonly kind: 'prctl'; readonly option: string }
  | { readonly kind: 'clone'; readonly what: 'threads' | 'processes' };

/** Name of a value in an xlat enum table, or a fallback built from the number. */
function enumName(table: string, value: bigint, fallback: (v: bigint) => string): string {
  const hit = lookupXlat(table)?.values.find(([, v]) => BigInt(v) === value);
  return hit ? hit[0] : fallback(value);
}

/** The number of a name in an xlat enum table. */
export function enumValue(table: string, name: string): number | undefined {
  return lookupXlat(table)?.values.find(([n]) => n === name)?.[1];
}

const low32 = (v: bigint | undefined): bigint => BigInt.asUintN(32, v ?? 0n);
const hex = (v: bigint): string => `0x${v.toString(16)}`;

const O_ACCMODE = 3n;
const O_CREAT = BigInt(enumValue('open_flags', 'O_CREAT') ?? 0o100);
const O_TRUNC = BigInt(enumValue('open_flags', 'O_TRUNC') ?? 0o1000);
const CLONE_THREAD = BigInt(enumValue('clone_flags', 'CLONE_THREAD') ?? 0x10000);
const AT_FDCWD = -100n;

function str(v: JsonValue | undefined): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.str === 'string') return v.str;
  return undefined;
}

function fdPath(v: JsonValue | undefined): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.path === 'string') return v.path;
  return undefined;
}

/** strace's escapes back to text (paths with \" or octal escapes are rare; the common ones are undone). */
const unescapeStrace = (s: string): string =>
  s.replace(/\\([0-7]{1,3}|.)/g, (_m, c: string) =>
    /^[0-7]+$/.test(c)
      ? String.fromCharCode(Number.parseInt(c, 8))
      : (({ n: '\n', t: '\t', r: '\r', v: '\v', f: '\f' } as Record<string, string>)[c] ?? c),
  );

function accessOf(flags: bigint): Access {
  const mode = flags & O_ACCMODE;
  if (mode === 0n && (flags & (O_CREAT | O_TRUNC)) === 0n) return 'r';
  return mode === 2n ? 'rw' : mode === 0n ? 'rw' : 'w';
}

/** A path relative to a directory fd: joined with the fd's path when the trace knew it (-y). */
function resolvePath(path: string, dirfd: bigint | undefined, dirValue: JsonValue | undefined): string {
  if (isAbsolute(path) || dirfd === undefined || BigInt.asIntN(32, low32(dirfd)) === AT_FDCWD) return path;
  const base = fdPath(dirValue);
  return base ? join(base, path) : path;
}

/**
 * An argument's number: from the decoded value when it is a symbol or a number (an imported strace log has
 * no registers), else from the raw register. Flags (`O_WRONLY|O_CREAT`) are OR-ed from `table`.
 */
function argNumber(raw: bigint | undefined, value: JsonValue | undefined, ...tables: string[]): bigint {
  if (typeof value === 'number') return BigInt(value);
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.sym === 'string') {
    let n = 0n;
    let known = true;
    for (const part of value.sym.split('|')) {
      const v =
        /^-?\d+$/.test(part) || /^0x[0-9a-f]+$/i.test(part)
          ? Number(part)
          : tables.map((t) => enumValue(t, part)).find((x) => x !== undefined);
      if (v === undefined) known = false;
      else n |= BigInt.asUintN(64, BigInt(v));
    }
    if (known) return n;
  }
  return raw ?? 0n;
}

const FAMILY = (v: bigint): string => enumName('socket_domain', v, (n) => `AF_${n}`);
const SOCK_TYPE = (v: bigint): string => enumName('socket_type_base', v, (n) => `SOCK_${n}`);

/** A sockaddr as decoded: `{struct: {sa_family: {sym}, sin_port: {text: "htons(53)"}, ...}}`. */
function address(v: JsonValue | undefined): { family: string; address: string } | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (typeof v.text === 'string') return addressText(v.text);
  const fields = v.struct;
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return undefined;
  const famValue = fields.sa_family;
  const family =
    famValue && typeof famValue === 'object' && !Array.isArray(famValue) && typeof famValue.sym === 'string'
      ? famValue.sym
      : typeof famValue === 'number'
        ? FAMILY(BigInt(famValue))
        : undefined;
  if (!family) return undefined;
  const texts = Object.entries(fields).flatMap(([k, f]): [string, string][] => {
    if (!f || typeof f !== 'object' || Array.isArray(f)) return [];
    if (typeof f.text === 'string') return [[k, f.text]];
    if (typeof f.str === 'string') return [[k, f.str]];
    return [];
  });
  const port = texts.map(([, t]) => /htons\((\d+)\)/.exec(t)?.[1]).find((p) => p !== undefined);
  const quoted = texts
    .filter(([k]) => !k.endsWith('port'))
    .map(([k, t]) => {
      if (k === 'sun_path') return t;
      return /"([^"]*)"/.exec(t)?.[1];
    })
    .find((a) => a !== undefined);
  let addr = quoted === undefined ? '' : unescapeStrace(quoted);
  if (family === 'AF_INET6' && addr) addr = `[${addr}]`;
  if (port !== undefined && addr) addr = `${addr}:${port}`;
  return { family, address: addr };
}

/** A sockaddr in strace's text (`{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("1.2.3.4")}`). */
function addressText(t: string): { family: string; address: string } | undefined {
  const family = /sa_family=(AF_\w+)/.exec(t)?.[1];
  if (!family) return undefined;
  const port = /htons\((\d+)\)/.exec(t)?.[1];
  const quoted = /"((?:[^"\\]|\\.)*)"/.exec(t)?.[1];
  let addr = quoted === undefined ? '' : unescapeStrace(quoted);
  if (family === 'AF_INET6' && addr) addr = `[${addr}]`;
  if (port !== undefined && addr) addr = `${addr}:${port}`;
  return { family, address: addr };
}

/** Facts of one call; the syscall itself always, more for the calls whose arguments matter. */
export function factsOf(call: CallRecord): Fact[] {
  const facts: Fact[] = [{ kind: 'syscall', arch: call.abi, name: call.name }];
  if (call.abi !== 'x86_64') return facts; // other ABIs: numbers only (their arguments are not decoded)
  const { raw, args } = call;
  switch (call.name) {
    case 'execve':
    case 'execveat': {
      const i = call.name === 'execve' ? 0 : 1;
      const p = str(args[i]);
      if (p !== undefined)
        facts.push({ kind: 'exec', path: resolvePath(unescapeStrace(p), i ? raw[0] : undefined, args[0]) });
      break;
    }
    case 'open':
    case 'creat':
    case 'openat':
    case 'openat2': {
      const at = call.name.startsWith('openat');
      const p = str(args[at ? 1 : 0]);
      if (p === undefined) break;
      const flags =
        call.name === 'creat'
          ? O_CREAT | 1n
          : call.name === 'openat2'
            ? 2n // the flags are in struct open_how: counted as read-write
            : argNumber(raw[at ? 2 : 1], args[at ? 2 : 1], 'open_access_modes', 'open_flags');
      const path = resolvePath(unescapeStrace(p), at ? raw[0] : undefined, at ? args[0] : undefined);
      facts.push({ kind: 'file', path, access: accessOf(flags) });
      break;
    }
    case 'socket':
      facts.push({
        kind: 'socket',
        family: FAMILY(low32(argNumber(raw[0], args[0], 'socket_domain'))),
        type: SOCK_TYPE(low32(argNumber(raw[1], args[1], 'socket_type_base', 'socket_type')) & 0xfn),
      });
      break;
    case 'connect':
    case 'bind':
    case 'sendto':
    case 'sendmsg': {
      const a = address(args[call.name === 'sendto' ? 4 : 1]);
      if (a) facts.push({ kind: 'address', op: call.name, ...a });
      break;
    }
    case 'ioctl': {
      const req = low32(argNumber(raw[1], args[1], 'ioctl_cmd'));
      facts.push({ kind: 'ioctl', request: enumName('ioctl_cmd', req, hex) });
      break;
    }
    case 'prctl':
      facts.push({
        kind: 'prctl',
        option: enumName('prctl_option', low32(argNumber(raw[0], args[0], 'prctl_option')), (v) => `PR_${v}`),
      });
      break;
    case 'clone':
      facts.push({
        kind: 'clone',
        what:
          ((raw[0] ?? 0n) & CLONE_THREAD) !== 0n || JSON.stringify(args).includes('CLONE_THREAD')
            ? 'threads'
            : 'processes',
      });
      break;
    case 'clone3': {
      const s = JSON.stringify(args[0] ?? null);
      facts.push({ kind: 'clone', what: s.includes('CLONE_THREAD') ? 'threads' : 'processes' });
      break;
    }
    case 'fork':
    case 'vfork':
      facts.push({ kind: 'clone', what: 'processes' });
      break;
  }
  return facts;
}

/** The new task's id when a call created one (clone, clone3, fork, vfork returned > 0). */
export function childOf(call: CallRecord): number | undefined {
  if (!['clone', 'clone3', 'fork', 'vfork'].includes(call.name) || call.abi === 'i386') return undefined;
  return call.ret !== undefined && call.ret > 0n ? Number(call.ret) : undefined;
}

/** The program a successful exec switched to. */
export function execedPath(call: CallRecord): string | undefined {
  if (call.ret !== 0n) return undefined;
  const f = factsOf(call).find((x) => x.kind === 'exec');
  return f?.kind === 'exec' ? f.path : undefined;
}
