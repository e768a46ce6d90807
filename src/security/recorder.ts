// Builds a profile from call records: facts gathered per executable, files folded to directory prefixes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Call } from '../model/call.js';
import { Attribution } from './attribution.js';
import type { Fact } from './facts.js';
import {
  type Access,
  type AddressFact,
  type ExecutableProfile,
  joinAccess,
  normalizeFiles,
  PROFILE_FORMAT,
  PROFILE_VERSION,
  type Profile,
  type ProfileArch,
  type SocketFact,
} from './profile.js';

/** A directory with at least this many distinct files opened becomes one `dir/` prefix rule. */
const FOLD_THRESHOLD = 3;

interface Gathered {
  syscalls: Record<ProfileArch | 'x32', Set<string>>;
  execs: Set<string>;
  files: Map<string, Access>;
  sockets: Map<string, SocketFact>;
  addresses: Map<string, AddressFact>;
  ioctls: Set<string>;
  prctls: Set<string>;
  clone: { threads: boolean; processes: boolean };
}

const fresh = (): Gathered => ({
  syscalls: { x86_64: new Set(), i386: new Set(), x32: new Set() },
  execs: new Set(),
  files: new Map(),
  sockets: new Map(),
  addresses: new Map(),
  ioctls: new Set(),
  prctls: new Set(),
  clone: { threads: false, processes: false },
});

/** Paths opened, folded: a directory with many entries becomes `dir/`, applied again one level up. */
export function foldFiles(files: ReadonlyMap<string, Access>, threshold = FOLD_THRESHOLD) {
  let rules = new Map(files);
  for (let round = 0; round < 2; round++) {
    const byDir = new Map<string, string[]>();
    for (const path of rules.keys()) {
      const bare = path.endsWith('/') ? path.slice(0, -1) : path;
      if (!bare.startsWith('/') || bare === '') continue;
      const dir = dirname(bare);
      const list = byDir.get(dir) ?? [];
      list.push(path);
      byDir.set(dir, list);
    }
    const next = new Map(rules);
    for (const [dir, paths] of byDir) {
      if (paths.length < threshold || dir === '/') continue;
      let access: Access | undefined;
      for (const p of paths) {
        const a = next.get(p) as Access;
        access = access ? joinAccess(access, a) : a;
        next.delete(p);
      }
      const prefix = `${dir}/`;
      const old = next.get(prefix);
      next.set(prefix, old && access ? joinAccess(old, access) : (access as Access));
    }
    rules = next;
  }
  return normalizeFiles([...rules].map(([path, access]) => ({ path, access })));
}

function sha256(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}

export class ProfileRecorder {
  private readonly byExe = new Map<string, Gathered>();
  private readonly attribution = new Attribution((exe, facts) => this.gather(exe, facts));
  /** x32 calls seen: a profile cannot allow them, they are counted and reported. */
  x32Calls = 0;

  constructor(private readonly cwd = process.cwd()) {}

  seed(tid: number, exe: string): void {
    this.attribution.seed(tid, exe);
  }

  add(call: Call): void {
    this.attribution.add(call);
  }

  private gather(exe: string, facts: readonly Fact[]): void {
    const key = exe.startsWith('/') ? exe : resolve(this.cwd, exe);
    let g = this.byExe.get(key);
    if (!g) {
      g = fresh();
      this.byExe.set(key, g);
    }
    for (const f of facts) {
      switch (f.kind) {
        case 'syscall':
          if (f.arch === 'x32') this.x32Calls++;
          g.syscalls[f.arch].add(f.name);
          break;
        case 'exec':
          g.execs.add(f.path);
          break;
        case 'file': {
          const old = g.files.get(f.path);
          g.files.set(f.path, old ? joinAccess(old, f.access) : f.access);
          break;
        }
        case 'socket':
          g.sockets.set(`${f.family} ${f.type}`, { family: f.family, type: f.type });
          break;
        case 'address':
          g.addresses.set(`${f.op} ${f.family} ${f.address}`, {
            op: f.op,
            family: f.family,
            address: f.address,
          });
          break;
        case 'ioctl':
          g.ioctls.add(f.request);
          break;
        case 'prctl':
          g.prctls.add(f.option);
          break;
        case 'clone':
          g.clone[f.what] = true;
          break;
      }
    }
  }

  finish(source: string[]): Profile {
    this.attribution.finish();
    const sort = (s: Iterable<string>): string[] => [...s].sort();
    const executables = [...this.byExe]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, g]): ExecutableProfile => {
        const syscalls: Partial<Record<ProfileArch, string[]>> = {};
        if (g.syscalls.x86_64.size) syscalls.x86_64 = sort(g.syscalls.x86_64);
        if (g.syscalls.i386.size) syscalls.i386 = sort(g.syscalls.i386);
        return {
          path,
          sha256: sha256(path),
          syscalls,
          execs: sort(g.execs),
          files: foldFiles(g.files),
          sockets: [...g.sockets.values()].sort((a, b) =>
            `${a.family} ${a.type}` < `${b.family} ${b.type}` ? -1 : 1,
          ),
          addresses: [...g.addresses.values()].sort((a, b) =>
            `${a.op} ${a.family} ${a.address}` < `${b.op} ${b.family} ${b.address}` ? -1 : 1,
          ),
          ioctls: sort(g.ioctls),
          prctls: sort(g.prctls),
          clone: g.clone,
        };
      });
    return {
      format: PROFILE_FORMAT,
      version: PROFILE_VERSION,
      arch: 'x86_64',
      created: new Date().toISOString(),
      source,
      executables,
    };
  }
}
