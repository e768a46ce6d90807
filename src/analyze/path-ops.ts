// Which paths a syscall touches and how: the signature table says which arguments are paths; a table of
// verbs says what the call does to them.
import { argCount, argOf } from '../import/line-call.js';
import type { Call } from '../model/call.js';
import { signatureOf } from '../tables/lookup.js';
import type { DirFd, FdTable } from './fd-table.js';
import { argNamed, fieldOf, rawOf, strOf, symOf } from './values.js';

export type PathVerb =
  | 'open'
  | 'create'
  | 'stat'
  | 'exec'
  | 'delete'
  | 'rename-from'
  | 'rename-to'
  | 'modify'
  | 'readlink'
  | 'chdir'
  | 'mount'
  | 'other';

/** Verbs per syscall; unlisted syscalls with a path argument are 'other'. */
const VERBS: Record<string, PathVerb | readonly PathVerb[]> = {
  open: 'open',
  openat: 'open',
  openat2: 'open',
  creat: 'create',
  mq_open: 'open',
  stat: 'stat',
  lstat: 'stat',
  newfstatat: 'stat',
  statx: 'stat',
  access: 'stat',
  faccessat: 'stat',
  faccessat2: 'stat',
  statfs: 'stat',
  getxattr: 'stat',
  lgetxattr: 'stat',
  listxattr: 'stat',
  llistxattr: 'stat',
  readlink: 'readlink',
  readlinkat: 'readlink',
  execve: 'exec',
  execveat: 'exec',
  unlink: 'delete',
  unlinkat: 'delete',
  rmdir: 'delete',
  mq_unlink: 'delete',
  rename: ['rename-from', 'rename-to'],
  renameat: ['rename-from', 'rename-to'],
  renameat2: ['rename-from', 'rename-to'],
  link: ['stat', 'create'],
  linkat: ['stat', 'create'],
  symlink: ['other', 'create'],
  symlinkat: ['other', 'create'],
  mkdir: 'create',
  mkdirat: 'create',
  mknod: 'create',
  mknodat: 'create',
  truncate: 'modify',
  chmod: 'modify',
  fchmodat: 'modify',
  fchmodat2: 'modify',
  chown: 'modify',
  lchown: 'modify',
  fchownat: 'modify',
  utime: 'modify',
  utimes: 'modify',
  utimensat: 'modify',
  futimesat: 'modify',
  setxattr: 'modify',
  lsetxattr: 'modify',
  removexattr: 'modify',
  lremovexattr: 'modify',
  chdir: 'chdir',
  chroot: 'chdir',
  mount: 'mount',
  umount2: 'mount',
};

/** Verbs that change the file system. */
const WRITING_VERBS: ReadonlySet<PathVerb> = new Set([
  'create',
  'delete',
  'rename-from',
  'rename-to',
  'modify',
]);

/** Lookups: a miss here is one step of a search (a config file, a library, a module). */
export const LOOKUP_VERBS: ReadonlySet<PathVerb> = new Set(['open', 'stat', 'exec', 'readlink']);

export interface PathUse {
  readonly path: string;
  readonly verb: PathVerb;
  /** r, w, rw for opens; `+create`, `+trunc` when the flags say so. */
  readonly access: string;
  /** The open created the file (O_CREAT) or the verb creates. */
  readonly writes: boolean;
  /** The string was cut at -s: the path is a prefix. */
  readonly truncated: boolean;
}

const accessOfFlags = new Map<string, { access: string; writes: boolean }>();
function openAccess(flags: string | undefined): { access: string; writes: boolean } {
  const f = flags ?? '';
  // a trace repeats a handful of flag words
  const known = accessOfFlags.get(f);
  if (known) return known;
  const mode = f.includes('O_RDWR') ? 'rw' : f.includes('O_WRONLY') ? 'w' : 'r';
  const extra = [
    f.includes('O_CREAT') ? '+create' : '',
    f.includes('O_TRUNC') ? '+trunc' : '',
    f.includes('O_APPEND') ? '+append' : '',
    f.includes('O_DIRECTORY') ? ' dir' : '',
  ].join('');
  const access = { access: mode + extra, writes: mode !== 'r' || f.includes('O_CREAT') };
  if (accessOfFlags.size < 256) accessOfFlags.set(f, access);
  return access;
}

function flagsOfOpen(r: Call): string | undefined {
  if (r.name === 'openat2') return symOf(fieldOf(argOf(r, 2), 'flags'));
  return symOf(argNamed(r, 'flags'));
}

/** The paths a call names, resolved against the cwd and dirfds the table knows. */
export function pathUses(r: Call, fds: FdTable): PathUse[] {
  const plan = pathPlanOf(r.name);
  const out: PathUse[] = [];
  if (plan.length === 0) return out;
  const verbs = VERBS[r.name] ?? 'other';
  let dirfd: DirFd | undefined;
  let k = 0;
  for (const a of plan) {
    const i = a.i;
    // only the arguments read here are parsed (an strace log's line: import/line-call.ts)
    if (a.dirfd) {
      dirfd = i < argCount(r) ? { value: argOf(r, i), raw: rawOf(r, i) } : undefined;
      continue;
    }
    const arg = argOf(r, i);
    if (!arg) continue;
    const verb = (typeof verbs === 'string' ? verbs : verbs[k]) ?? 'other';
    k++;
    const text = strOf(arg);
    if (text === undefined) continue;
    // symlink's target is text stored in the link, not a path looked up
    if ((r.name === 'symlink' || r.name === 'symlinkat') && a.name === 'target') continue;
    const path = text === '' && dirfd ? fds.resolve(r.pid, '.', dirfd) : fds.resolve(r.pid, text, dirfd);
    const truncated = arg.k === 'str' && arg.more;
    if (verb === 'open' || r.name === 'creat') {
      const acc =
        r.name === 'creat' ? { access: 'w+create+trunc', writes: true } : openAccess(flagsOfOpen(r));
      out.push({ path, verb: r.name === 'creat' ? 'create' : verb, ...acc, truncated });
    } else out.push({ path, verb, access: verb, writes: WRITING_VERBS.has(verb), truncated });
  }
  return out;
}

/** A syscall's dirfd and path arguments in order (each path is looked up from the dirfd before it). */
interface PathArg {
  readonly i: number;
  readonly dirfd: boolean;
  readonly name: string;
}
const pathPlans = new Map<string, readonly PathArg[]>();
function pathPlanOf(name: string): readonly PathArg[] {
  let plan = pathPlans.get(name);
  if (plan === undefined) {
    const sig = signatureOf(name);
    // a name no table knows (a log may hold any) is not remembered
    if (!sig) return [];
    plan = sig.args.flatMap((a, i) =>
      a.kind === 'dirfd' || a.kind === 'path' ? [{ i, dirfd: a.kind === 'dirfd', name: a.name }] : [],
    );
    pathPlans.set(name, plan);
  }
  return plan;
}

/** `libc.so.6` -> `libc`, `app.conf` -> `app`: what a search looks for, whatever the directory. */
export function stemOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.indexOf('.', 1);
  // short stems (`ld` of ld.so.cache and ld.so.preload) would join unrelated names: keep the whole name
  return dot >= 3 ? base.slice(0, dot) : base;
}
