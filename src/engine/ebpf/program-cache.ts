// Assembled programs and capture plans kept across runs: building the plans and assembling the programs ran
// cold JavaScript for 0.1-0.6 s of every eBPF start-up, and their bytes change only with vat's code, the kernel
// (struct offsets) and the options. Map fds differ per run: the cache holds each map's name where the program
// names a map, and the loader puts this run's fds back. A file another user could have written is never believed.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLASS, MODE, PSEUDO_MAP_FD, SIZE } from './asm/opcodes.js';
import { cacheDir, kernelBuildId } from './btf-cache.js';

/** One program and where it attaches: a raw tracepoint (`tp`), or the perf tracepoint `category:tp`. */
export interface ProgramSpec {
  readonly name: string;
  readonly raw: boolean;
  readonly category: string;
  readonly tp: string;
  readonly code: Uint8Array;
}

/** What the cache holds for one set of options: the plan map's bytes and the programs. */
export interface Assembled {
  readonly plans: Uint8Array;
  readonly programs: readonly ProgramSpec[];
}

const LD_IMM64 = CLASS.LD | SIZE.DW | MODE.IMM;

/**
 * Rewrites every map reference (ld_imm64 with BPF_PSEUDO_MAP_FD) of `code` through `to` (from an fd to a map's
 * slot in the cache, or back); a copy. Undefined when a reference has no counterpart.
 */
export function remapMaps(code: Uint8Array, to: (imm: number) => number | undefined): Uint8Array | undefined {
  const out = new Uint8Array(code); // a copy with its own buffer (a Buffer's may be a shared pool)
  const v = new DataView(out.buffer);
  for (let at = 0; at + 16 <= out.length; at += 8) {
    if (v.getUint8(at) !== LD_IMM64) continue;
    if (v.getUint8(at + 1) >> 4 === PSEUDO_MAP_FD) {
      const mapped = to(v.getInt32(at + 4, true));
      if (mapped === undefined) return undefined;
      v.setInt32(at + 4, mapped, true);
    }
    at += 8; // the second half of the 16-byte instruction
  }
  return out;
}

/** This build of vat: the script holding this code (every build rewrites it), by size and time. */
function codeIdentity(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${st.size}:${Math.trunc(st.mtimeMs)}`;
  } catch {
    return '';
  }
}

/**
 * A file name from the key: two FNV-1a hashes (node:crypto costs ~15 ms to load). The file holds the whole key,
 * compared on reading: two keys that share a name only replace each other's entry.
 */
function fileName(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x811c9dc5) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

interface CacheFile {
  readonly key: string;
  readonly plans: string;
  readonly programs: { name: string; raw: boolean; category: string; tp: string; code: string }[];
}

/**
 * The programs for `options` (everything they depend on, as text) from the cache, else `make()`'s, stored. Map
 * references are by slot: `slots` lists this run's map fds in a fixed order.
 */
export function cachedPrograms(
  options: string,
  slots: readonly number[],
  make: () => Assembled,
  dir = join(cacheDir(), 'ebpf'),
): Assembled & { readonly cached: boolean } {
  const code = codeIdentity();
  const kernel = kernelBuildId();
  // without a build identity or a kernel identity nothing is cached (a stale program would trace wrongly)
  if (code === '' || kernel === undefined) return { ...make(), cached: false };
  const key = `${code}|${kernel}|${options}`;
  const file = join(dir, `${fileName(key)}.json`);
  const hit = read(file, key, slots);
  if (hit) return { ...hit, cached: true };
  const made = make();
  write(dir, file, key, made, slots);
  prune(dir, CACHE_ENTRIES);
  return { ...made, cached: false };
}

/** Entries kept (~100-150 KB each): every build of vat, kernel and set of options makes its own, and none expires. */
export const CACHE_ENTRIES = 32;
/** A hit older than this is marked used again (its mtime), so pruning removes the least recently used. */
const TOUCH_AFTER_MS = 3_600_000;
/** A temporary file this old was left by a run that died between writing and renaming it. */
const TEMP_STALE_MS = 600_000;
const ENTRY = /^[0-9a-f]{16}\.json$/;
const TEMP = /^[0-9a-f]{16}\.json\.[0-9]+$/;

/**
 * Removes the least recently used entries beyond `keep`, and stale temporary files: without it the folder grew by an
 * entry per build and per set of options for good (3,200 files, 360 MB on a developer's machine). Failures are ignored
 * (another run may have removed the same file).
 */
export function prune(dir: string, keep: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  const entries: { file: string; mtime: number }[] = [];
  for (const name of names) {
    const entry = ENTRY.test(name);
    if (!entry && !TEMP.test(name)) continue;
    const file = join(dir, name);
    try {
      const mtime = statSync(file).mtimeMs;
      if (entry) entries.push({ file, mtime });
      else if (now - mtime > TEMP_STALE_MS) unlinkSync(file);
    } catch {}
  }
  if (entries.length <= keep) return;
  entries.sort((a, b) => a.mtime - b.mtime);
  for (const { file } of entries.slice(0, entries.length - keep))
    try {
      unlinkSync(file);
    } catch {}
}

function read(file: string, key: string, slots: readonly number[]): Assembled | undefined {
  try {
    const st = statSync(file);
    // only a file this user owns and nobody else may write (the kernel runs what it holds)
    const euid = process.geteuid?.() ?? -1;
    if (st.uid !== euid || (st.mode & 0o022) !== 0) return undefined;
    const c = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (c.key !== key || typeof c.plans !== 'string' || !Array.isArray(c.programs)) return undefined;
    if (Date.now() - st.mtimeMs > TOUCH_AFTER_MS) touch(file);
    const programs: ProgramSpec[] = [];
    for (const p of c.programs) {
      const code = remapMaps(Buffer.from(p.code, 'base64'), (slot) => slots[slot]);
      if (!code || code.length % 8 !== 0) return undefined;
      programs.push({ name: p.name, raw: p.raw, category: p.category, tp: p.tp, code });
    }
    return { plans: new Uint8Array(Buffer.from(c.plans, 'base64')), programs };
  } catch {
    return undefined;
  }
}

/** Marks an entry as used now; a failure only makes it older for pruning. */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {}
}

/** Writes the entry atomically (a temporary file, then rename); failures are ignored. */
function write(dir: string, file: string, key: string, a: Assembled, slots: readonly number[]): void {
  const toSlot = (fd: number): number | undefined => {
    const i = slots.indexOf(fd);
    return i < 0 ? undefined : i;
  };
  const programs: CacheFile['programs'] = [];
  for (const p of a.programs) {
    const code = remapMaps(p.code, toSlot);
    if (!code) return;
    programs.push({ ...p, code: Buffer.from(code).toString('base64') });
  }
  const body: CacheFile = { key, plans: Buffer.from(a.plans).toString('base64'), programs };
  const tmp = `${file}.${process.pid}`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, JSON.stringify(body), { mode: 0o644, flag: 'wx' }); // O_EXCL: never through a planted link
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}
