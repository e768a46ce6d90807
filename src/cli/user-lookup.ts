// -u USERNAME: the user's uid, gid and supplementary groups from /etc/passwd and /etc/group (what
// getpwnam and initgroups give on a system without other name services).
import { readFileSync } from 'node:fs';
import type { RunAs } from '../engine/engine.js';

const lines = (path: string): string[][] => {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
};

/** strace's -u: a user's name (strace 6.1 takes names only: `-u 0` is refused too); undefined when unknown. */
export function findUser(name: string): RunAs | undefined {
  const entry = lines('/etc/passwd').find((f) => f[0] === name);
  if (!entry) return undefined;
  const uid = Number(entry[2]);
  const gid = Number(entry[3]);
  const groups = new Set<number>([gid]);
  for (const g of lines('/etc/group'))
    if ((g[3] ?? '').split(',').includes(name) && g[2] !== undefined) groups.add(Number(g[2]));
  return { name, uid, gid, groups: [...groups] };
}
