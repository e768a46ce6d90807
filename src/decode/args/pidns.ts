// --decode-pids=pidns: a pid as the tracee sees it, translated into vat's own pid namespace through /proc NSpid.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** vat's own pid namespace. */
let ownNs: string | undefined | null = null;

const readNs = (proc: string): string | undefined => {
  try {
    return readlinkSync(`/proc/${proc}/ns/pid`);
  } catch {
    return undefined;
  }
};

/** The NSpid line: the pid seen from vat's namespace first, then from each nested one down to its own. */
function nsPids(path: string): number[] | undefined {
  try {
    const line = /^NSpid:\s*(.*)$/m.exec(readFileSync(`${path}/status`, 'utf8'))?.[1];
    return line?.trim().split(/\s+/).map(Number);
  } catch {
    return undefined;
  }
}

/** The last translation per namespace and pid; checked again on use, as pids are reused. */
const cache = new Map<string, number>();

/**
 * `pid` as seen by `tracee`, in vat's namespace; undefined when the tracee shares vat's namespace (nothing to
 * say, strace prints no comment then) or when no process has that pid (it has gone, or lives above the tracee).
 */
export function pidInTracerNs(tracee: number, pid: number): number | undefined {
  if (pid <= 0) return undefined;
  if (ownNs === null) ownNs = readNs('self');
  const ns = readNs(String(tracee));
  if (ns === undefined || ns === ownNs) return undefined;
  const depth = (nsPids(`/proc/${tracee}`)?.length ?? 0) - 1;
  if (depth <= 0) return undefined;
  const matches = (path: string): number | undefined => {
    const ids = nsPids(path);
    if (ids === undefined || ids[depth] !== pid || readNs(path.slice(6)) !== ns) return undefined;
    return ids[0];
  };
  const key = `${ns}:${pid}`;
  const known = cache.get(key);
  if (known !== undefined && matches(`/proc/${known}`) !== undefined) return known;
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    const found = matches(`/proc/${dir}`) ?? threadIn(dir, matches);
    if (found !== undefined) {
      cache.set(key, found);
      return found;
    }
  }
  return undefined;
}

/** A non-leader thread of process `dir` with that pid (gettid, tgkill's tid). */
function threadIn(dir: string, matches: (path: string) => number | undefined): number | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${dir}/task`);
  } catch {
    return undefined;
  }
  for (const t of tasks)
    if (t !== dir) {
      const found = matches(`/proc/${dir}/task/${t}`);
      if (found !== undefined) return found;
    }
  return undefined;
}
