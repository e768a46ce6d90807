// What one finished syscall says about a program's behaviour: the facts a profile records and a check compares.
// Numbers come from the raw registers (the same in a live trace and in `vat --json` output); paths and
// addresses from the decoded arguments.
import { isAbsolute, join } from 'node:path';
import { lookupXlat } from '../decode/xlat.js';
import { argOf } from '../import/line-call.js';
import type { Call } from '../model/call.js';
import { quoteBytes } from '../model/quote.js';
import type { Value } from '../model/value.js';
import { abiOf } from './call-abi.js';
import type { Access, ProfileArch } from './profile.js';

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

/** A string value in strace's escapes (without the quotes), as `vat --json` writes it. */
function str(v: Value | undefined): string | undefined {
  return v?.k === 'str' ? quoteBytes(v.bytes, false, 0).slice(1, -1) : undefined;
}

function fdPath(v: Value | undefined): string | undefined {
  return v?.k === 'fd' ? v.path : undefined;
}

/** An integer value as JSON carries it (a number within 2^53), else undefined. */
function smallInt(v: Value | undefined): number | undefined {
  if (v?.k !== 'int') return undefined;
  if (typeof v.v === 'number') return v.v;
  return v.v >= -(2n ** 53n) && v.v <= 2n ** 53n ? Number(v.v) : undefined;
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
function resolvePath(path: string, dirfd: bigint | undefined, dirValue: Value | undefined): string {
  if (isAbsolute(path) || dirfd === undefined || BigInt.asIntN(32, low32(dirfd)) === AT_FDCWD) return path;
  const base = fdPath(dirValue);
  return base ? join(base, path) : path;
}

/**
 * An argument's number: from the decoded value when it is a symbol or a number (an imported strace log has
 * no registers), else from the raw register. Flags (`O_WRONLY|O_CREAT`) are OR-ed from `table`.
 */
function argNumber(raw: bigint | undefined, value: Value | undefined, ...tables: string[]): bigint {
  const int = smallInt(value);
  if (int !== undefined) return BigInt(int);
  if (value?.k === 'sym') {
    let n = 0n;
    let known = true;
    for (const part of value.text.split('|')) {
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

/** A sockaddr as decoded: a struct of `sa_family` (a symbol), `sin_port` (text `htons(53)`), ...; or text. */
function address(v: Value | undefined): { family: string; address: string } | undefined {
  if (v?.k === 'text') return addressText(v.text);
  if (v?.k !== 'struct') return undefined;
  const famValue = v.fields.findLast(([k]) => k === 'sa_family')?.[1];
  const famNumber = smallInt(famValue);
  const family =
    famValue?.k === 'sym' ? famValue.text : famNumber !== undefined ? FAMILY(BigInt(famNumber)) : undefined;
  if (!family) return undefined;
  const texts = v.fields.flatMap(([k, f]): [string, string][] => {
    if (f.k === 'text') return [[k, f.text]];
    const s = str(f);
    return s === undefined ? [] : [[k, s]];
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

/** Whether a flag's name appears among the decoded values (a clone's flags, clone3's struct of them). */
const mentions = (values: readonly Value[], name: string): boolean =>
  JSON.stringify(values, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes(name);

/** Facts of one call; the syscall itself always, more for the calls whose arguments matter. */
export function factsOf(call: Call): Fact[] {
  const { abi, name } = abiOf(call);
  const facts: Fact[] = [{ kind: 'syscall', arch: abi, name }];
  if (abi !== 'x86_64') return facts; // other ABIs: numbers only (their arguments are not decoded)
  const raw = call.raw;
  // only the arguments read here are parsed (an strace log's line: import/line-call.ts)
  const arg = (i: number): Value | undefined => argOf(call, i);
  switch (name) {
    case 'execve':
    case 'execveat': {
      const i = name === 'execve' ? 0 : 1;
      const p = str(arg(i));
      if (p !== undefined)
        facts.push({ kind: 'exec', path: resolvePath(unescapeStrace(p), i ? raw[0] : undefined, arg(0)) });
      break;
    }
    case 'open':
    case 'creat':
    case 'openat':
    case 'openat2': {
      const at = name.startsWith('openat');
      const p = str(arg(at ? 1 : 0));
      if (p === undefined) break;
      const flags =
        name === 'creat'
          ? O_CREAT | 1n
          : name === 'openat2'
            ? 2n // the flags are in struct open_how: counted as read-write
            : argNumber(raw[at ? 2 : 1], arg(at ? 2 : 1), 'open_access_modes', 'open_flags');
      const path = resolvePath(unescapeStrace(p), at ? raw[0] : undefined, at ? arg(0) : undefined);
      facts.push({ kind: 'file', path, access: accessOf(flags) });
      break;
    }
    case 'socket':
      facts.push({
        kind: 'socket',
        family: FAMILY(low32(argNumber(raw[0], arg(0), 'socket_domain'))),
        type: SOCK_TYPE(low32(argNumber(raw[1], arg(1), 'socket_type_base', 'socket_type')) & 0xfn),
      });
      break;
    case 'connect':
    case 'bind':
    case 'sendto':
    case 'sendmsg': {
      const a = address(arg(name === 'sendto' ? 4 : 1));
      if (a) facts.push({ kind: 'address', op: name, ...a });
      break;
    }
    case 'ioctl': {
      const req = low32(argNumber(raw[1], arg(1), 'ioctl_cmd'));
      facts.push({ kind: 'ioctl', request: enumName('ioctl_cmd', req, hex) });
      break;
    }
    case 'prctl':
      facts.push({
        kind: 'prctl',
        option: enumName('prctl_option', low32(argNumber(raw[0], arg(0), 'prctl_option')), (v) => `PR_${v}`),
      });
      break;
    case 'clone':
      facts.push({
        kind: 'clone',
        what:
          ((raw[0] ?? 0n) & CLONE_THREAD) !== 0n || mentions(call.args, 'CLONE_THREAD')
            ? 'threads'
            : 'processes',
      });
      break;
    case 'clone3':
      facts.push({
        kind: 'clone',
        what: mentions(call.args.slice(0, 1), 'CLONE_THREAD') ? 'threads' : 'processes',
      });
      break;
    case 'fork':
    case 'vfork':
      facts.push({ kind: 'clone', what: 'processes' });
      break;
  }
  return facts;
}

/** The new task's id when a call created one (clone, clone3, fork, vfork returned > 0). */
export function childOf(call: Call): number | undefined {
  const { abi, name } = abiOf(call);
  if (!['clone', 'clone3', 'fork', 'vfork'].includes(name) || abi === 'i386') return undefined;
  return call.ret !== undefined && call.ret > 0n ? Number(call.ret) : undefined;
}

/** The program a successful exec switched to. */
export function execedPath(call: Call): string | undefined {
  if (call.ret !== 0n) return undefined;
  const f = factsOf(call).find((x) => x.kind === 'exec');
  return f?.kind === 'exec' ? f.path : undefined;
}
