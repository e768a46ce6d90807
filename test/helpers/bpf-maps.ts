// The bpf maps a process holds, from its fdinfo (the kernel shows a map's type and size there, not its name).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export const MAP_TYPE = { ARRAY_OF_MAPS: 12, RINGBUF: 27 } as const;

export interface MapInfo {
  readonly type: number;
  readonly maxEntries: number;
}

/** A map's type and size from the text of its fdinfo, or undefined when the fd is not a map. */
export function mapInfo(fdinfo: string): MapInfo | undefined {
  const type = /^map_type:\t(\d+)$/m.exec(fdinfo);
  const size = /^max_entries:\t(\d+)$/m.exec(fdinfo);
  return type && size ? { type: Number(type[1]), maxEntries: Number(size[1]) } : undefined;
}

/** This process's fds on bpf maps, with their types and sizes. */
export function ownBpfMaps(): (MapInfo & { readonly fd: number })[] {
  return readdirSync('/proc/self/fd').flatMap((name) => {
    const fd = Number(name);
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== 'anon_inode:bpf-map') return [];
      const info = mapInfo(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
      return info ? [{ fd, ...info }] : [];
    } catch {
      return [];
    }
  });
}
