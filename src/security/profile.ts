// The behaviour profile (`vat profile record|from|merge`): per executable, the syscalls it used per
// architecture and facts about their arguments. Versioned JSON, documented in docs/profile-format.md.
import { readFileSync } from 'node:fs';
import { VatError } from '../errors.js';
import { listSyscalls, syscallByName } from '../tables/syscalls.js';
import { didYouMean } from '../util/suggest.js';
import { duplicateKey } from './json-strict.js';
import { schemaFault } from './profile-schema.js';

export const PROFILE_FORMAT = 'vat-profile';
export const PROFILE_VERSION = 1;

/** Architectures a profile may list syscalls for: x86_64 and the i386 ABI (`int $0x80`) of an x86_64 machine. */
const PROFILE_ARCHES = ['x86_64', 'i386'] as const;
export type ProfileArch = (typeof PROFILE_ARCHES)[number];

/** A file rule: an exact path, or a directory prefix ending in `/`; access is r, w or rw. */
export interface FileRule {
  readonly path: string;
  readonly access: Access;
}
export type Access = 'r' | 'w' | 'rw';

export interface SocketFact {
  readonly family: string;
  readonly type: string;
}

export interface AddressFact {
  /** connect, bind or sendto. */
  readonly op: string;
  readonly family: string;
  /** `127.0.0.1:53`, `[::1]:53`, a unix path (`@name` when abstract), or '' when the family has none. */
  readonly address: string;
}

export interface ExecutableProfile {
  readonly path: string;
  /** sha256 of the file when recorded (hex), null when it could not be read. */
  readonly sha256: string | null;
  readonly syscalls: Partial<Record<ProfileArch, string[]>>;
  readonly execs: string[];
  readonly files: FileRule[];
  readonly sockets: SocketFact[];
  readonly addresses: AddressFact[];
  readonly ioctls: string[];
  readonly prctls: string[];
  readonly clone: { threads: boolean; processes: boolean };
}

export interface Profile {
  readonly format: typeof PROFILE_FORMAT;
  readonly version: typeof PROFILE_VERSION;
  /** The machine the profile is for; vat enforces x86_64 only. */
  readonly arch: 'x86_64';
  readonly created?: string;
  /** What was recorded: the command line, `-p PID`, or the trace files merged. */
  readonly source?: string[];
  readonly executables: ExecutableProfile[];
}

export class ProfileError extends VatError {
  constructor(message: string) {
    super(message, 'EPROFILE');
    this.name = 'ProfileError';
  }
}

const emptyExecutable = (path: string, sha256: string | null = null): ExecutableProfile => ({
  path,
  sha256,
  syscalls: {},
  execs: [],
  files: [],
  sockets: [],
  addresses: [],
  ioctls: [],
  prctls: [],
  clone: { threads: false, processes: false },
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
    throw new ProfileError(`${where} must be a list of strings`);
  return v as string[];
}

const ACCESS = new Set(['r', 'w', 'rw']);

/** Checks a parsed document and returns it as a Profile; every fault is one line (exit status 2). */
export function validateProfile(doc: unknown, name: string): Profile {
  const fail = (msg: string): never => {
    throw new ProfileError(`${name}: ${msg}`);
  };
  if (!isObject(doc)) return fail('not a vat profile (a JSON object expected)');
  if (doc.format !== PROFILE_FORMAT) return fail(`not a vat profile (format is not "${PROFILE_FORMAT}")`);
  if (doc.version !== PROFILE_VERSION)
    return fail(`profile version ${JSON.stringify(doc.version)} is not supported (this vat reads version 1)`);
  if (doc.arch !== 'x86_64')
    return fail(`profile is for architecture ${JSON.stringify(doc.arch)}; vat enforces x86_64 profiles only`);
  const fault = schemaFault(doc);
  if (fault !== undefined) return fail(fault);
  if (!Array.isArray(doc.executables)) return fail('"executables" must be a list');
  const executables = doc.executables.map((e, i): ExecutableProfile => {
    const at = `executables[${i}]`;
    if (!isObject(e) || typeof e.path !== 'string') return fail(`${at}: "path" must be a string`);
    if (e.sha256 !== undefined && e.sha256 !== null && typeof e.sha256 !== 'string')
      return fail(`${at}: "sha256" must be a string or null`);
    const syscalls: Partial<Record<ProfileArch, string[]>> = {};
    if (!isObject(e.syscalls)) return fail(`${at}: "syscalls" must be an object by architecture`);
    for (const [arch, names] of Object.entries(e.syscalls)) {
      if (!(PROFILE_ARCHES as readonly string[]).includes(arch))
        return fail(
          `${at}: syscalls for architecture "${arch}" cannot be enforced (x86_64 and i386 only; the x32 ABI is always denied)`,
        );
      const list = stringList(names, `${at}.syscalls.${arch}`);
      for (const n of list)
        if (!syscallByName(arch as ProfileArch, n))
          fail(
            `${at}: unknown ${arch} syscall '${n}'${didYouMean(
              n,
              listSyscalls(arch as ProfileArch).map((s) => s.name),
            )}`,
          );
      syscalls[arch as ProfileArch] = list;
    }
    const files = (
      Array.isArray(e.files) ? e.files : e.files === undefined ? [] : fail(`${at}: bad "files"`)
    ).map((f: unknown): FileRule => {
      if (!isObject(f) || typeof f.path !== 'string' || typeof f.access !== 'string' || !ACCESS.has(f.access))
        return fail(`${at}: each file needs "path" and "access" (r, w or rw)`);
      return { path: f.path, access: f.access as Access };
    });
    const sockets = (Array.isArray(e.sockets) ? e.sockets : []).map((s: unknown): SocketFact => {
      if (!isObject(s) || typeof s.family !== 'string' || typeof s.type !== 'string')
        return fail(`${at}: each socket needs "family" and "type"`);
      return { family: s.family, type: s.type };
    });
    const addresses = (Array.isArray(e.addresses) ? e.addresses : []).map((a: unknown): AddressFact => {
      if (
        !isObject(a) ||
        typeof a.op !== 'string' ||
        typeof a.family !== 'string' ||
        typeof a.address !== 'string'
      )
        return fail(`${at}: each address needs "op", "family" and "address"`);
      return { op: a.op, family: a.family, address: a.address };
    });
    const clone = isObject(e.clone) ? e.clone : {};
    return {
      path: e.path,
      sha256: typeof e.sha256 === 'string' ? e.sha256 : null,
      syscalls,
      execs: stringList(e.execs, `${at}.execs`),
      files,
      sockets,
      addresses,
      ioctls: stringList(e.ioctls, `${at}.ioctls`),
      prctls: stringList(e.prctls, `${at}.prctls`),
      clone: { threads: clone.threads === true, processes: clone.processes === true },
    };
  });
  return {
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    arch: 'x86_64',
    ...(typeof doc.created === 'string' ? { created: doc.created } : {}),
    ...(Array.isArray(doc.source) ? { source: stringList(doc.source, 'source') } : {}),
    executables,
  };
}

export function loadProfile(path: string): Profile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProfileError(
      `${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message)}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ProfileError(`${path}: not JSON (${(err as Error).message.split('\n')[0]})`);
  }
  const dup = duplicateKey(text);
  if (dup !== undefined)
    throw new ProfileError(`${path}: ${dup}: duplicated key (which one counts would be a guess)`);
  return validateProfile(doc, path);
}

const sorted = <T>(items: Iterable<T>, key: (t: T) => string): T[] => {
  const byKey = new Map<string, T>();
  for (const it of items) byKey.set(key(it), it);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
};
const uniq = (items: Iterable<string>): string[] => sorted(items, (s) => s);

/** Widest access of two. */
export const joinAccess = (a: Access, b: Access): Access => (a === b ? a : 'rw');

/** Folds file rules: a rule under a prefix rule disappears; access widens to cover both. */
export function normalizeFiles(files: readonly FileRule[]): FileRule[] {
  const merged = new Map<string, Access>();
  for (const f of files) {
    const old = merged.get(f.path);
    merged.set(f.path, old ? joinAccess(old, f.access) : f.access);
  }
  const prefixes = [...merged.keys()].filter((p) => p.endsWith('/'));
  for (const [path, access] of [...merged]) {
    const parent = prefixes.find((p) => p !== path && path.startsWith(p));
    if (!parent) continue;
    merged.delete(path);
    merged.set(parent, joinAccess(merged.get(parent) ?? access, access));
  }
  return sorted(
    [...merged].map(([path, access]) => ({ path, access })),
    (f) => f.path,
  );
}

/** One executable's facts unioned with another's (same path). */
function mergeExecutable(a: ExecutableProfile, b: ExecutableProfile): ExecutableProfile {
  const syscalls: Partial<Record<ProfileArch, string[]>> = {};
  for (const arch of PROFILE_ARCHES) {
    const names = [...(a.syscalls[arch] ?? []), ...(b.syscalls[arch] ?? [])];
    if (names.length > 0) syscalls[arch] = uniq(names);
  }
  return {
    path: a.path,
    sha256: a.sha256 ?? b.sha256,
    syscalls,
    execs: uniq([...a.execs, ...b.execs]),
    files: normalizeFiles([...a.files, ...b.files]),
    sockets: sorted([...a.sockets, ...b.sockets], (s) => `${s.family} ${s.type}`),
    addresses: sorted([...a.addresses, ...b.addresses], (x) => `${x.op} ${x.family} ${x.address}`),
    ioctls: uniq([...a.ioctls, ...b.ioctls]),
    prctls: uniq([...a.prctls, ...b.prctls]),
    clone: {
      threads: a.clone.threads || b.clone.threads,
      processes: a.clone.processes || b.clone.processes,
    },
  };
}

/** Unions profiles: executables with the same path (and hash, when both know it) merge. */
export function mergeProfiles(profiles: readonly Profile[], source?: string[]): Profile {
  const byKey = new Map<string, ExecutableProfile>();
  for (const p of profiles)
    for (const e of p.executables) {
      const key = `${e.path}\0${e.sha256 ?? ''}`;
      const old = byKey.get(key) ?? byKey.get(`${e.path}\0`);
      byKey.set(key, old ? mergeExecutable(old, e) : mergeExecutable(emptyExecutable(e.path, e.sha256), e));
    }
  return {
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    arch: 'x86_64',
    created: new Date().toISOString(),
    source: source ?? profiles.flatMap((p) => p.source ?? []),
    executables: sorted(byKey.values(), (e) => `${e.path}\0${e.sha256 ?? ''}`),
  };
}

/**
 * Whether a profile's syscall list (`has`) covers a call by name. A list with clone3 covers clone too: the traced
 * security modes answer clone3 ENOSYS (see the ptrace tracer), so libc's fallback to clone is vat's doing.
 */
export function syscallCovered(name: string, has: (name: string) => boolean): boolean {
  return has(name) || (name === 'clone' && has('clone3'));
}

/** Everything the whole profile allows, as one executable (what a seccomp filter can enforce: one list). */
export function unionOf(profile: Profile): ExecutableProfile {
  return profile.executables.reduce(mergeExecutable, emptyExecutable('*'));
}

export const formatProfile = (p: Profile): string => `${JSON.stringify(p, null, 2)}\n`;
