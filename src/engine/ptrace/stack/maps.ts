// A process's file mappings from /proc/PID/maps, kept as strace keeps them: named mappings only, ascending,
// without overlaps; looked up by binary search.
import { procFile } from '../../../sys/procfs.js';

export interface Mapping {
  readonly start: number;
  readonly end: number;
  /** File offset of `start`: a frame's address in its module is pc - start + offset. */
  readonly offset: number;
  readonly exec: boolean;
  /** The path as the kernel shows it ("[vdso]" and " (deleted)" included). */
  readonly path: string;
  /** Device and inode: with the path, what identifies the file whose symbols are cached. */
  readonly file: string;
}

const LINE = /^([0-9a-f]+)-([0-9a-f]+) ([r-])[w-]([x-])[ps] ([0-9a-f]+) (\S+ \d+) +(.+)$/;

/** Parses maps text; anonymous mappings (no path) are left out, as strace leaves them out. */
export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const start = Number.parseInt(m[1] as string, 16);
    const end = Number.parseInt(m[2] as string, 16);
    const last = out[out.length - 1];
    // duplicates ([vsyscall]) and overlaps are skipped, so the array stays sorted for the search
    if (last && start < last.end) continue;
    out.push({
      start,
      end,
      offset: Number.parseInt(m[5] as string, 16),
      exec: m[4] === 'x',
      path: m[7] as string,
      file: `${m[6]} ${m[7]}`,
    });
  }
  return out;
}

/** The mapping holding `addr`, if any. */
export function findMapping(maps: readonly Mapping[], addr: number): Mapping | undefined {
  let lo = 0;
  let hi = maps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = maps[mid] as Mapping;
    if (addr < m.start) hi = mid - 1;
    else if (addr >= m.end) lo = mid + 1;
    else return m;
  }
  return undefined;
}

/** Reads a process's mappings (empty when it is gone). */
export function readMaps(pid: number): Mapping[] {
  const text = procFile(pid, 'maps');
  return text === undefined ? [] : parseMaps(text);
}
