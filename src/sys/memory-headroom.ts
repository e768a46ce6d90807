// How much more memory this process may take before the kernel refuses it or its memory cgroup's OOM killer ends
// it: the system's MemAvailable, and the room left under every memory cgroup limit above the process (v1 or v2).
import { readFileSync } from 'node:fs';
import { procKernelFile } from './procfs.js';

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** Bytes, or Infinity when nothing says (no /proc/meminfo, no limit). */
export function memoryHeadroom(): number {
  let room = Number.POSITIVE_INFINITY;
  const m = /^MemAvailable:\s+(\d+) kB$/m.exec(procKernelFile('meminfo') ?? '');
  if (m?.[1]) room = Number(m[1]) * 1024;
  for (const line of (procKernelFile('self/cgroup') ?? '').split('\n')) {
    // v2: `0::/path` under /sys/fs/cgroup (memory.max, memory.current); v1: `N:...memory...:/path`
    const [, controllers, path] = /^\d+:([^:]*):(\/.*)$/.exec(line) ?? [];
    if (path === undefined) continue;
    const v2 = controllers === '';
    if (!v2 && !controllers?.split(',').includes('memory')) continue;
    const root = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory';
    const [limitFile, usageFile] = v2
      ? ['memory.max', 'memory.current']
      : ['memory.limit_in_bytes', 'memory.usage_in_bytes'];
    // every level up to the root: a parent's limit binds its children
    for (let dir = path; ; dir = dir.slice(0, dir.lastIndexOf('/')) || '/') {
      const limit = Number(read(`${root}${dir === '/' ? '' : dir}/${limitFile}`));
      const usage = Number(read(`${root}${dir === '/' ? '' : dir}/${usageFile}`));
      if (Number.isFinite(limit) && Number.isFinite(usage)) room = Math.min(room, Math.max(0, limit - usage));
      if (dir === '/') break;
    }
  }
  return room;
}
