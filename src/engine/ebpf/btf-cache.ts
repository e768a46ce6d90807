// Struct offsets found in the kernel's BTF, kept per kernel build: reading and indexing the 5 MB BTF costs
// 0.2-0.3 s of every eBPF start-up, and its answer changes only with the kernel. Keyed by the GNU build id
// in /sys/kernel/notes and the BTF's size; a file another user could have written is never believed.
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const NOTES = '/sys/kernel/notes';
const NT_GNU_BUILD_ID = 3;

/** Offsets by `struct:field,field`; null: the kernel lacks one of them. */
type Entries = Record<string, Record<string, number> | null>;

interface CacheFile {
  readonly kernel: string;
  readonly entries: Entries;
}

/** The running kernel's build id (hex) from its ELF notes, or undefined. */
export function kernelBuildId(notes = NOTES): string | undefined {
  let b: Buffer;
  try {
    b = readFileSync(notes);
  } catch {
    return undefined;
  }
  const pad = (n: number): number => (n + 3) & ~3;
  for (let p = 0; p + 12 <= b.length; ) {
    const namesz = b.readUInt32LE(p);
    const descsz = b.readUInt32LE(p + 4);
    const type = b.readUInt32LE(p + 8);
    const name = p + 12;
    const desc = name + pad(namesz);
    if (desc + descsz > b.length) return undefined;
    if (type === NT_GNU_BUILD_ID && namesz === 4 && b.toString('latin1', name, name + 3) === 'GNU')
      return b.toString('hex', desc, desc + descsz);
    p = desc + pad(descsz);
  }
  return undefined;
}

/** $XDG_CACHE_HOME/vat, else ~/.cache/vat. */
export function cacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg?.startsWith('/') ? xdg : join(homedir(), '.cache'), 'vat');
}

/** A cache of offsets for one kernel (`key`: its build id and BTF size), in `dir`. */
export class OffsetCache {
  private entries: Entries = {};
  private dirty = false;
  private readonly file: string;

  constructor(
    private readonly dir: string,
    private readonly key: string,
  ) {
    this.file = join(dir, 'btf-offsets.json');
    try {
      const st = statSync(this.file);
      // only a file this user owns and nobody else may write (what the programs read depends on it)
      const euid = process.geteuid?.() ?? -1;
      if (st.uid !== euid || (st.mode & 0o022) !== 0) return;
      const c = JSON.parse(readFileSync(this.file, 'utf8')) as CacheFile;
      if (c.kernel === key && typeof c.entries === 'object' && c.entries !== null) this.entries = c.entries;
    } catch {}
  }

  /** The cached answer: offsets, null (known missing), or undefined (not cached). */
  get(id: string): Record<string, number> | null | undefined {
    const e = this.entries[id];
    if (e === null) return null;
    if (e === undefined || typeof e !== 'object') return undefined;
    // whole non-negative numbers only: anything else is not from us
    for (const v of Object.values(e)) if (!Number.isInteger(v) || v < 0) return undefined;
    return e;
  }

  set(id: string, value: Record<string, number> | null): void {
    this.entries[id] = value;
    this.dirty = true;
  }

  /** Writes the file when something was added (atomically: a temporary file, then rename); failures are ignored. */
  save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = `${this.file}.${process.pid}`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(tmp, JSON.stringify({ kernel: this.key, entries: this.entries }), {
        mode: 0o644,
        flag: 'wx', // O_EXCL: never through a planted link
      });
      renameSync(tmp, this.file);
    } catch {
      try {
        unlinkSync(tmp);
      } catch {}
    }
  }
}
