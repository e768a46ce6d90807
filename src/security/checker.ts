// `vat profile check`: each call's facts against the profile; what the profile does not cover is a deviation.

import type { Call } from '../model/call.js';
import { Attribution } from './attribution.js';
import type { Fact } from './facts.js';
import { type ExecutableProfile, type Profile, syscallCovered, unionOf } from './profile.js';

export interface Deviation {
  readonly pid: number;
  /** syscall, exec, file, socket, address, ioctl, prctl, clone, executable */
  readonly kind: string;
  /** What deviated: a syscall name, a path, `AF_PACKET SOCK_RAW`, an address. */
  readonly detail: string;
  readonly arch?: string;
  /** The executable that made the call. */
  readonly exe: string;
  /** The alert's text: `syscall ptrace not in profile`. */
  readonly message: string;
}

const ACCESS_COVERS = { r: ['r'], w: ['w'], rw: ['r', 'w', 'rw'] } as const;

export function fileCovered(
  rules: ExecutableProfile['files'],
  path: string,
  access: 'r' | 'w' | 'rw',
): boolean {
  return rules.some(
    (r) =>
      (r.path === path || (r.path.endsWith('/') && path.startsWith(r.path))) &&
      (ACCESS_COVERS[r.access] as readonly string[]).includes(access),
  );
}

/** Why a fact is outside an executable's profile, or undefined when it is covered. */
function deviationOf(
  p: ExecutableProfile,
  f: Fact,
): { kind: string; detail: string; message: string } | undefined {
  switch (f.kind) {
    case 'syscall': {
      const listed = f.arch === 'x32' ? undefined : p.syscalls[f.arch];
      if (listed && syscallCovered(f.name, (n) => listed.includes(n))) return undefined;
      const abi = f.arch === 'x86_64' ? '' : ` (${f.arch} ABI)`;
      return { kind: 'syscall', detail: f.name, message: `syscall ${f.name}${abi} not in profile` };
    }
    case 'exec':
      return p.execs.includes(f.path)
        ? undefined
        : { kind: 'exec', detail: f.path, message: `exec ${f.path} not in profile` };
    case 'file':
      return fileCovered(p.files, f.path, f.access)
        ? undefined
        : { kind: 'file', detail: f.path, message: `file ${f.path} (${f.access}) outside profile` };
    case 'socket': {
      if (p.sockets.some((s) => s.family === f.family && s.type === f.type)) return undefined;
      const known = p.sockets.some((s) => s.family === f.family);
      return {
        kind: 'socket',
        detail: `${f.family} ${f.type}`,
        message: known
          ? `socket type ${f.type} for ${f.family} not in profile`
          : `socket family ${f.family} not in profile`,
      };
    }
    case 'address': {
      const hit = p.addresses.some((a) => a.op === f.op && a.family === f.family && a.address === f.address);
      const what = f.address ? `${f.family} ${f.address}` : f.family;
      return hit
        ? undefined
        : { kind: 'address', detail: what, message: `${f.op} address ${what} not in profile` };
    }
    case 'ioctl':
      return p.ioctls.includes(f.request)
        ? undefined
        : { kind: 'ioctl', detail: f.request, message: `ioctl request ${f.request} not in profile` };
    case 'prctl':
      return p.prctls.includes(f.option)
        ? undefined
        : { kind: 'prctl', detail: f.option, message: `prctl option ${f.option} not in profile` };
    case 'clone':
      return p.clone[f.what]
        ? undefined
        : { kind: 'clone', detail: f.what, message: `clone of ${f.what} not in profile` };
  }
}

/**
 * Checks calls as they come; each distinct deviation is reported once (its first occurrence) and counted.
 * An executable the profile does not list is itself a deviation, and its calls are checked against the union.
 */
export class ProfileChecker {
  private readonly byPath = new Map<string, ExecutableProfile>();
  private readonly union: ExecutableProfile;
  private readonly attribution: Attribution;
  private readonly seen = new Map<string, number>();
  readonly deviations: Deviation[] = [];

  constructor(
    profile: Profile,
    private readonly report: (d: Deviation) => void,
  ) {
    for (const e of profile.executables) this.byPath.set(e.path, e);
    this.union = unionOf(profile);
    this.attribution = new Attribution((exe, facts, call) => this.check(exe, facts, call));
  }

  seed(tid: number, exe: string): void {
    this.attribution.seed(tid, exe);
  }

  add(call: Call): void {
    this.attribution.add(call);
  }

  finish(): void {
    this.attribution.finish();
  }

  /** A child the tracer could not follow (created untraced, then killed): a deviation, its calls unseen. */
  untraced(pid: number): void {
    this.deviate(pid, '(untraced child)', {
      kind: 'untraced',
      detail: 'child',
      message: `process ${pid} was created untraced (CLONE_UNTRACED) and killed: its calls were not seen`,
    });
  }

  /** Occurrences per deviation (`syscall ptrace` -> 3). */
  counts(): ReadonlyMap<string, number> {
    return this.seen;
  }

  private check(exe: string, facts: readonly Fact[], call: Call): void {
    let p = this.byPath.get(exe);
    const known = p !== undefined;
    if (!p) {
      this.deviate(call.tid, exe, {
        kind: 'executable',
        detail: exe,
        message: `executable ${exe} not in profile`,
      });
      p = this.union;
    }
    for (const f of facts) {
      // a program the profile never saw: its own files are expected to differ; the rest is checked
      if (!known && f.kind === 'file') continue;
      const d = deviationOf(p, f);
      if (d) this.deviate(call.tid, exe, d, f.kind === 'syscall' ? f.arch : undefined);
    }
  }

  private deviate(
    pid: number,
    exe: string,
    d: { kind: string; detail: string; message: string },
    arch?: string,
  ): void {
    const key = `${d.kind} ${d.detail}${arch && arch !== 'x86_64' ? ` (${arch})` : ''}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    if (n > 0) return;
    const dev: Deviation = { pid, exe, ...d, ...(arch ? { arch } : {}) };
    this.deviations.push(dev);
    this.report(dev);
  }
}
