// --decode-pids=pidns: a pid as the tracee sees it, translated into vat's own pid namespace through /proc NSpid
// (part of the ProcFs port: the decoders and the text sink ask here, the formatter gets the answer as a port).
import {
  type NsIdField,
  nsIds,
  nsOf,
  nsPids,
  ownPidNs,
  procBase,
  procDir,
  readNs,
  scanProc,
} from './proc-dir.js';

/**
 * What a number names, as strace's pid types: a process or thread (matched by NSpid, which holds tids and, for
 * leaders, tgids), a process group (NSpgid) or a session (NSsid).
 */
export type PidKind = 'pid' | 'pgid' | 'sid';

const FIELD: Record<PidKind, NsIdField> = { pid: 'NSpid', pgid: 'NSpgid', sid: 'NSsid' };

/** The last entry per namespace and pid; checked again on use, as pids are reused. */
const cache = new Map<string, string>();

/**
 * `pid` as seen by `tracee`, in vat's namespace; undefined when the tracee shares vat's namespace (nothing to
 * say, strace prints no comment then) or when no process has that pid (it has gone, or lives above the tracee).
 */
export function pidInTracerNs(tracee: number, pid: number, kind: PidKind = 'pid'): number | undefined {
  if (pid <= 0) return undefined;
  const dir = procDir(tracee);
  const ns = readNs(dir);
  if (ns === undefined || ns === ownPidNs()) return undefined;
  const level = procBase();
  // the tracee's own level in this /proc's NSpid lines, below vat's
  const depth = (nsPids(dir)?.length ?? 0) - 1;
  if (depth <= level) return undefined;
  const matches = (path: string): number | undefined => {
    const ids = nsIds(path, FIELD[kind]);
    if (ids === undefined || ids.length !== depth + 1 || ids[depth] !== pid || nsOf(path) !== ns)
      return undefined;
    return ids[level];
  };
  const key = `${ns}:${kind}:${pid}`;
  const known = cache.get(key);
  const again = known === undefined ? undefined : matches(known);
  if (again !== undefined) return again;
  const path = scanProc((p) => (matches(p) === undefined ? undefined : p));
  if (path === undefined) return undefined;
  cache.set(key, path);
  return matches(path);
}
