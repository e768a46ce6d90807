// Function names from an ELF file's .dynsym and .symtab, read once per file, looked up the way libunwind does
// it (so names match strace -k): the STT_FUNC symbol nearest at or below the address, the first one found on a
// tie (sections in header order, symbols in table order), none when the nearest is farther than the file size.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;
const STT_FUNC = 2;
const SHN_UNDEF = 0;
const SHN_ABS = 0xfff1;
const PT_LOAD = 1;

interface Sorted {
  /** Symbol values, ascending; on equal values the first found comes first. */
  readonly values: Float64Array;
  /** Offsets of the names in the file (their string table's offset plus st_name). */
  readonly names: Float64Array;
}

export interface ElfSymbols {
  readonly fileSize: number;
  /** PT_LOAD segments: a mapping at file offset `offset` places vaddr `vaddr` at its start. */
  readonly loads: readonly { readonly offset: number; readonly vaddr: number }[];
  /** Symbols relative to the load address, and SHN_ABS ones compared with the raw address. */
  readonly relative: Sorted;
  readonly absolute: Sorted;
  readonly fd: number;
  readonly nameCache: Map<number, string>;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n <= 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}

const u64 = (b: Buffer, at: number): number => Number(b.readBigUInt64LE(at));

/** Reads the symbol tables of a 64-bit little-endian ELF file; undefined when it is not one or unreadable. */
export function readElfSymbols(path: string): ElfSymbols | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const h = readAt(fd, 0, 64);
    if (h.length < 64 || h.readUInt32BE(0) !== 0x7f454c46 || h[4] !== 2 || h[5] !== 1) {
      closeSync(fd);
      return undefined;
    }
    const phoff = u64(h, 0x20);
    const shoff = u64(h, 0x28);
    const phentsize = h.readUInt16LE(0x36);
    const phnum = h.readUInt16LE(0x38);
    const shentsize = h.readUInt16LE(0x3a);
    let shnum = h.readUInt16LE(0x3c);
    const loads: { offset: number; vaddr: number }[] = [];
    const ph = readAt(fd, phoff, phentsize * phnum);
    for (let i = 0; i + 1 <= phnum && (i + 1) * phentsize <= ph.length; i++) {
      const at = i * phentsize;
      if (ph.readUInt32LE(at) === PT_LOAD) loads.push({ offset: u64(ph, at + 8), vaddr: u64(ph, at + 16) });
    }
    if (shnum === 0 && shoff !== 0) shnum = u64(readAt(fd, shoff, 64), 32); // extended numbering
    const sh = shoff === 0 ? Buffer.alloc(0) : readAt(fd, shoff, shentsize * shnum);
    const rel: number[][] = [];
    const abs: number[][] = [];
    let order = 0;
    for (let i = 0; (i + 1) * shentsize <= sh.length; i++) {
      const at = i * shentsize;
      const type = sh.readUInt32LE(at + 4);
      if (type !== SHT_SYMTAB && type !== SHT_DYNSYM) continue;
      const offset = u64(sh, at + 24);
      const size = u64(sh, at + 32);
      const link = sh.readUInt32LE(at + 40);
      const entsize = u64(sh, at + 56) || 24;
      const strtab = (link + 1) * shentsize <= sh.length ? u64(sh, link * shentsize + 24) : 0;
      const syms = readAt(fd, offset, size);
      for (let s = 0; s + 24 <= syms.length; s += entsize) {
        const shndx = syms.readUInt16LE(s + 6);
        if ((syms[s + 4] as number) % 16 !== STT_FUNC || shndx === SHN_UNDEF) continue;
        const entry = [u64(syms, s + 8), strtab + syms.readUInt32LE(s), order++];
        (shndx === SHN_ABS ? abs : rel).push(entry);
      }
    }
    return {
      fileSize: fstatSync(fd).size,
      loads,
      relative: sorted(rel),
      absolute: sorted(abs),
      fd,
      nameCache: new Map(),
    };
  } catch {
    closeSync(fd);
    return undefined;
  }
}

function sorted(entries: number[][]): Sorted {
  entries.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[2] as number) - (b[2] as number));
  const values = new Float64Array(entries.length);
  const names = new Float64Array(entries.length);
  entries.forEach((e, i) => {
    values[i] = e[0] as number;
    names[i] = e[1] as number;
  });
  return { values, names };
}

/** Index of the first symbol with the greatest value <= addr, or -1. */
function nearest(t: Sorted, addr: number): number {
  let lo = 0;
  let hi = t.values.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((t.values[mid] as number) <= addr) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // the first found among equal values sorts first
  while (best > 0 && t.values[best - 1] === t.values[best]) best--;
  return best;
}

/**
 * The function at `ip` in a mapping of this file that starts at `start` with file offset `mapOffset`: its name
 * and the distance from it. Like libunwind, the load bias comes from the PT_LOAD segment at that file offset.
 */
export function symbolAt(
  elf: ElfSymbols,
  ip: number,
  start: number,
  mapOffset: number,
): { name: string; offset: number } | undefined {
  const load = elf.loads.find((l) => l.offset === mapOffset);
  const bias = load ? start - load.vaddr : 0;
  let best: { table: Sorted; index: number; dist: number } | undefined;
  const r = nearest(elf.relative, ip - bias);
  if (r >= 0) best = { table: elf.relative, index: r, dist: ip - bias - (elf.relative.values[r] as number) };
  const a = nearest(elf.absolute, ip);
  if (a >= 0) {
    const dist = ip - (elf.absolute.values[a] as number);
    if (!best || dist < best.dist) best = { table: elf.absolute, index: a, dist };
  }
  if (!best || best.dist >= elf.fileSize) return undefined;
  return { name: nameAt(elf, best.table.names[best.index] as number), offset: best.dist };
}

function nameAt(elf: ElfSymbols, offset: number): string {
  let name = elf.nameCache.get(offset);
  if (name === undefined) {
    let text = '';
    for (let at = offset; ; at += 256) {
      const chunk = readAt(elf.fd, at, 256);
      const nul = chunk.indexOf(0);
      text += chunk.subarray(0, nul < 0 ? chunk.length : nul).toString('utf8');
      if (nul >= 0 || chunk.length < 256) break;
    }
    name = text;
    elf.nameCache.set(offset, name);
  }
  return name;
}
