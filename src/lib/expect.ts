// Assertions on a program's syscalls for tests (node:test, vitest, jest: they throw a plain Error subclass).
//   await expectSyscalls(['cat', '/etc/hostname']).toOpenOnly(['/etc/**']);
//   await expectSyscalls(['./client']).notToCall(['connect']);
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import type { SyscallEvent, VatEvent } from './events.js';
import { type TraceOptions, trace } from './trace.js';

/** What the dynamic loader and libc open in every program: left out of toOpenOnly unless `ignore` says else. */
export const LOADER_FILES = [
  '/etc/ld.so.*',
  '**/*.so',
  '**/*.so.*',
  '/usr/lib/locale/**',
  '/usr/share/locale/**',
  '/usr/lib/*/gconv/**',
];

const OPENS = new Set(['open', 'openat', 'openat2', 'creat']);
const decoder = new TextDecoder();

/** The path an open call named, absolute (relative ones against the caller's working directory). */
export function openedPath(e: SyscallEvent, cwd = process.cwd()): string | undefined {
  if (!OPENS.has(e.name)) return undefined;
  const v = e.args[e.name === 'openat' || e.name === 'openat2' ? 1 : 0];
  if (v?.k !== 'str') return undefined;
  const path = decoder.decode(v.bytes);
  return path.startsWith('/') ? path : resolve(cwd, path);
}

export interface Violation {
  readonly pid: number;
  readonly syscall: string;
  /** The path, for toOpenOnly; empty for notToCall. */
  readonly path: string;
  readonly message: string;
}

export class SyscallAssertionError extends Error {
  override readonly name = 'SyscallAssertionError';
  constructor(
    readonly violations: readonly Violation[],
    what: string,
  ) {
    super(
      `${what}: ${violations.length} violation(s)\n${violations.map((v) => `  ${v.message}`).join('\n')}`,
    );
  }
}

export interface ExpectOptions extends TraceOptions {
  /** Paths toOpenOnly leaves out (globs). Default: LOADER_FILES. */
  readonly ignore?: readonly string[];
  /** Where relative paths are resolved. Default: process.cwd(). */
  readonly cwd?: string;
}

async function collect(command: readonly string[], options: ExpectOptions): Promise<VatEvent[]> {
  const events: VatEvent[] = [];
  for await (const e of trace(command, options)) events.push(e);
  return events;
}

/** Paths opened outside `allowed` (globs), the loader's files aside. */
export function openViolations(
  events: readonly VatEvent[],
  allowed: readonly string[],
  o: ExpectOptions = {},
): Violation[] {
  const ok = picomatch([...allowed], { dot: true });
  const ignored = picomatch([...(o.ignore ?? LOADER_FILES)], { dot: true });
  const out: Violation[] = [];
  for (const e of events) {
    if (e.type !== 'syscall') continue;
    const path = openedPath(e, o.cwd);
    if (path === undefined || ok(path) || ignored(path)) continue;
    out.push({
      pid: e.pid,
      syscall: e.name,
      path,
      message: `pid ${e.pid} ${e.name} ${JSON.stringify(path)}`,
    });
  }
  return out;
}

/** Calls to any of `names`. */
export function callViolations(events: readonly VatEvent[], names: readonly string[]): Violation[] {
  const banned = new Set(names);
  return events.flatMap((e) =>
    e.type === 'syscall' && banned.has(e.name)
      ? [{ pid: e.pid, syscall: e.name, path: '', message: `pid ${e.pid} called ${e.name}` }]
      : [],
  );
}

export function expectSyscalls(command: readonly string[], options: ExpectOptions = {}) {
  const what = command.join(' ');
  return {
    /** Fails when the program opens a path that matches none of the globs (the loader's files aside). */
    async toOpenOnly(globs: readonly string[]): Promise<void> {
      const v = openViolations(await collect(command, options), globs, options);
      if (v.length > 0)
        throw new SyscallAssertionError(v, `${what} opened paths outside ${globs.join(', ')}`);
    },
    /** Fails when the program calls any of these syscalls. */
    async notToCall(names: readonly string[]): Promise<void> {
      const v = callViolations(await collect(command, options), names);
      if (v.length > 0) throw new SyscallAssertionError(v, `${what} made calls it must not`);
    },
  };
}
