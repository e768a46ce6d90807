// -yy's device numbers: what stat(2) says of a path that names a device (strace's printdev reads it so).
import { statSync } from 'node:fs';

/** The kind and major:minor of the device at `path`; undefined when it is no device or cannot be stat'ed. */
export function deviceOf(path: string): { kind: 'block' | 'char'; major: bigint; minor: bigint } | undefined {
  try {
    const st = statSync(path, { bigint: true });
    if (!st.isCharacterDevice() && !st.isBlockDevice()) return undefined;
    const rdev = st.rdev;
    const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
    const minor = (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
    return { kind: st.isBlockDevice() ? 'block' : 'char', major, minor };
  } catch {
    return undefined;
  }
}
