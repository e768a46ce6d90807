// The eBPF record-to-text path prints exactly what the general path (decoders, events, formatter) prints for the
// same records: synthetic ring records of calls with numbers, fds, strings, buffers (captured or not, cut at -s,
// failed, 64-bit values), flags, enums and struct stat/statx, under several -s/-x/-v/time/prefix options, go
// through both and are compared.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { customDecoder } from '../../../src/decode/custom/index.js';
import { DEFAULT_DECODE, type DecodeOptions } from '../../../src/decode/options.js';
import { structDecoder } from '../../../src/decode/structs/index.js';
import { FAST_CUSTOM, FAST_STRUCTS } from '../../../src/engine/ebpf/fast-decoded.js';
import { callJsonEnter, callJsonExit } from '../../../src/engine/ebpf/fast-json.js';
import { KIND, REC, SEG, SEG_FLAG } from '../../../src/engine/ebpf/layout.js';
import { type Decoded, RecordDecoder } from '../../../src/engine/ebpf/records.js';
import type { TraceConfig } from '../../../src/engine/engine.js';
import { jsonValueText } from '../../../src/format/json-value-text.js';
import type { StraceTextOptions } from '../../../src/format/strace-text.js';
import { JsonlSink } from '../../../src/sink/jsonl-sink.js';
import { TextSink } from '../../../src/sink/text-sink.js';
import { syscallByName } from '../../../src/tables/syscalls.js';

const dir = mkdtempSync(join(tmpdir(), 'vat-fast-text-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Seg {
  readonly addr: bigint;
  readonly bytes: Uint8Array;
  readonly string?: boolean;
  readonly exit?: boolean;
}

interface Call {
  readonly name: string;
  readonly args: readonly bigint[];
  readonly ret: bigint;
  readonly segs?: readonly Seg[];
  readonly tid?: number;
  /** A register with bits above its kernel type: the record-to-text path cuts it as the general path does. */
  readonly cut?: boolean;
}

const A = 0x7ffc_1234_5000n;
const B = 0x5555_0000_1000n;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** One ring record as the kernel program writes it: header, then 8-aligned segments. */
function record(c: Call, ts: bigint): Uint8Array {
  const segs = c.segs ?? [];
  let dataLen = 0;
  for (const s of segs) dataLen += SEG.size + Math.ceil((s.bytes.length + (s.string ? 1 : 0)) / 8) * 8;
  const out = new Uint8Array(REC.size + dataLen);
  const v = new DataView(out.buffer);
  const tid = c.tid ?? 4242;
  v.setUint32(REC.kind, KIND.syscall, true);
  v.setUint32(REC.tid, tid, true);
  v.setUint32(REC.tgid, 4242, true);
  v.setUint32(REC.nr, syscallByName('x86_64', c.name)?.nr ?? 0, true);
  v.setBigUint64(REC.tsEnter, ts, true);
  v.setBigUint64(REC.tsExit, ts + 1500n, true);
  for (const [i, a] of c.args.entries()) v.setBigUint64(REC.args + i * 8, BigInt.asUintN(64, a), true);
  v.setBigInt64(REC.ret, c.ret, true);
  v.setUint32(REC.dataLen, dataLen, true);
  v.setUint32(REC.flags, 1, true);
  let off = REC.size;
  for (const s of segs) {
    v.setBigUint64(off + SEG.addr, s.addr, true);
    v.setUint32(off + SEG.len, s.bytes.length, true);
    const flags = (s.string ? SEG_FLAG.string | SEG_FLAG.complete : 0) | (s.exit ? SEG_FLAG.exit : 0);
    v.setUint16(off + SEG.flags, flags, true);
    out.set(s.bytes, off + SEG.size);
    off += SEG.size + Math.ceil((s.bytes.length + (s.string ? 1 : 0)) / 8) * 8;
  }
  return out;
}

/** A struct stat (x86_64, 144 bytes): mode at 24, rdev at 40, size at 48, the three times from 72. */
function statBytes(mode: number, size: bigint, rdev = 0n): Uint8Array {
  const b = new Uint8Array(144);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, 0x803n, true);
  v.setBigUint64(8, 1234567n, true);
  v.setBigUint64(16, 1n, true);
  v.setUint32(24, mode, true);
  v.setUint32(28, 1000, true);
  v.setBigUint64(40, rdev, true);
  v.setBigUint64(48, size, true);
  v.setBigUint64(56, 4096n, true);
  v.setBigUint64(64, 8n, true);
  for (const off of [72, 88, 104]) {
    v.setBigInt64(off, 1_700_000_000n, true);
    v.setBigUint64(off + 8, 123_456_789n, true);
  }
  return b;
}

/** A struct statx (256 bytes): stx_mask, mode and size, the rest zero. */
function statxBytes(mask: number, mode: number, size: bigint): Uint8Array {
  const b = new Uint8Array(256);
  const v = new DataView(b.buffer);
  v.setUint32(0, mask, true);
  v.setUint32(4, 4096, true);
  v.setUint32(16, 1, true);
  v.setUint16(28, mode, true);
  v.setBigUint64(32, 99n, true);
  v.setBigUint64(40, size, true);
  return b;
}

/** The kernel's struct sigaction on x86_64 (handler, flags, restorer, mask: 32 bytes). */
function sigactionBytes(handler: bigint, flags: bigint, restorer: bigint, mask: bigint): Uint8Array {
  return concat(u64Bytes(handler), u64Bytes(flags), u64Bytes(restorer), u64Bytes(mask));
}

const u64Bytes = (x: bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, x), true);
  return b;
};
const u32Bytes = (x: number): Uint8Array => Uint8Array.of(x & 255, (x >> 8) & 255, (x >> 16) & 255, x >>> 24);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const EMPTY = new Uint8Array(0);

/** A linux_dirent64 of 24 bytes (d_ino, d_off, d_reclen, d_type DT_REG, a name of at most 4 bytes). */
function direntBytes(ino: bigint, name: string): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, ino, true);
  v.setBigUint64(8, ino * 100n, true);
  v.setUint16(16, 24, true);
  v.setUint8(18, 8);
  b.set(text(name), 19);
  return b;
}

const AT_FDCWD = -100n;
const S_IFREG = 0o100000;
const S_IFCHR = 0o020000;
const S_IFDIR = 0o040000;
const binary = Uint8Array.from({ length: 40 }, (_, i) => (i * 37) & 0xff);
const CALLS: readonly Call[] = [
  { name: 'write', args: [3n, A, 1n], ret: 1n, segs: [{ addr: A, bytes: text('x'), exit: true }] },
  { name: 'write', args: [1n, A, 5n], ret: 5n },
  { name: 'write', args: [1n, 0n, 0n], ret: -14n },
  {
    name: 'write',
    args: [1n, A, 40n],
    ret: 40n,
    // the kernel program captures -s + 1 bytes, as strace fetches them
    segs: [{ addr: A, bytes: binary.subarray(0, 33), exit: true }],
  },
  // a capture cut before -s + 1 bytes (unreadable memory past them): the address, as strace's printstr_ex
  {
    name: 'write',
    args: [1n, A, 40n],
    ret: 40n,
    segs: [{ addr: A, bytes: binary.subarray(0, 32), exit: true }],
  },
  { name: 'write', args: [1n, A, 4n], ret: 4n, segs: [{ addr: A, bytes: text('a\n"\\'), exit: true }] },
  {
    name: 'write',
    args: [1n, A, 3n],
    ret: 3n,
    segs: [{ addr: A, bytes: Uint8Array.of(1, 0x31, 0x80), exit: true }],
  },
  { name: 'write', args: [-1n, A, 0n], ret: -9n },
  { name: 'write', args: [2n, 0n, 0xffff_ffff_ffff_ffffn], ret: -14n },
  { name: 'read', args: [3n, B, 100n], ret: 10n, segs: [{ addr: B, bytes: text('0123456789'), exit: true }] },
  { name: 'read', args: [3n, B, 100n], ret: -11n },
  { name: 'read', args: [3n, B, 100n], ret: 0n, segs: [{ addr: B, bytes: new Uint8Array(0), exit: true }] },
  { name: 'read', args: [3n, B, 4096n], ret: 4096n, segs: [{ addr: B, bytes: binary, exit: true }] },
  {
    name: 'pread64',
    args: [3n, B, 784n, 1n << 40n],
    ret: 8n,
    segs: [{ addr: B, bytes: text('\0\0\0\0abcd'), exit: true }],
  },
  { name: 'pread64', args: [3n, B, 784n, -1n], ret: -22n },
  { name: 'getppid', args: [], ret: 1234n },
  { name: 'getppid', args: [], ret: -5000n },
  // getuid and the like (signature `udec`): a value is unsigned; -4095..-1 stays an errno, as the kernel says
  { name: 'geteuid', args: [], ret: -1n },
  { name: 'getegid', args: [], ret: -4096n },
  { name: 'getuid', args: [], ret: -0x8000_0000_0000_0000n },
  { name: 'setfsgid', args: [0xffff_ffffn], ret: 0xffff_ffffn },
  { name: 'close', args: [3n], ret: 0n },
  { name: 'close', args: [0xffff_ffffn], ret: -9n, cut: true },
  { name: 'close', args: [7n], ret: -85n },
  { name: 'brk', args: [0n], ret: 0x5555_5555_8000n },
  { name: 'brk', args: [0x5555_5555_9000n], ret: 0x5555_5555_9000n },
  { name: 'chdir', args: [A], ret: 0n, segs: [{ addr: A, bytes: text('/tmp/a dir'), string: true }] },
  { name: 'chdir', args: [A], ret: -2n },
  { name: 'chdir', args: [0n], ret: -14n },
  { name: 'getppid', args: [], ret: 1n, tid: 4243 },
  // struct stat at exit, flags after it
  {
    name: 'newfstatat',
    args: [AT_FDCWD, A, B, 0x100n],
    ret: 0n,
    segs: [
      { addr: A, bytes: text('dir0/f0.txt'), string: true },
      { addr: B, bytes: statBytes(S_IFREG | 0o644, 7n), exit: true },
    ],
  },
  {
    name: 'newfstatat',
    args: [3n, A, B, 0x1000n | 0x100n | 0x80000n],
    ret: 0n,
    segs: [
      { addr: A, bytes: text(''), string: true },
      { addr: B, bytes: statBytes(S_IFCHR | 0o620, 0n, 0x8803n), exit: true },
    ],
  },
  {
    name: 'newfstatat',
    args: [AT_FDCWD, A, B, 0n],
    ret: -2n,
    segs: [{ addr: A, bytes: text('nope'), string: true }],
  },
  // glibc passes an int's -100 in a 32-bit register (upper half zero): git's lstat calls, AT_FDCWD once cut
  {
    name: 'newfstatat',
    args: [0xffff_ff9cn, A, B, 0x100n],
    ret: 0n,
    segs: [
      { addr: A, bytes: text('dir1/f1.txt'), string: true },
      { addr: B, bytes: statBytes(S_IFREG | 0o644, 11n), exit: true },
    ],
    cut: true,
  },
  {
    name: 'openat',
    args: [0xffff_ff9cn, A, 0x80000n],
    ret: -2n,
    segs: [{ addr: A, bytes: text('/etc/ld.so.preload'), string: true }],
    cut: true,
  },
  // a u16 argument (openat's mode) with bits above it: cut to its low 16 bits
  {
    name: 'openat',
    args: [AT_FDCWD, A, 0x241n, 0x1_0000_01a4n],
    ret: 3n,
    segs: [{ addr: A, bytes: text('new.o'), string: true }],
    cut: true,
  },
  // a struct not captured (or cut short): its address, as the decoder prints unreadable memory
  { name: 'fstat', args: [3n, B], ret: 0n },
  {
    name: 'fstat',
    args: [3n, B],
    ret: 0n,
    segs: [{ addr: B, bytes: statBytes(S_IFDIR | 0o2755, 4096n).subarray(0, 100), exit: true }],
  },
  {
    name: 'fstat',
    args: [4n, B],
    ret: 0n,
    segs: [{ addr: B, bytes: statBytes(S_IFDIR | 0o1777, 4096n), exit: true }],
  },
  { name: 'fstat', args: [4n, 0n], ret: -14n },
  {
    name: 'stat',
    args: [A, B],
    ret: 0n,
    segs: [
      { addr: A, bytes: text('/etc'), string: true },
      { addr: B, bytes: statBytes(0o644, 1n << 40n), exit: true },
    ],
  },
  {
    name: 'statx',
    args: [AT_FDCWD, A, 0n, 0xfffn, B],
    ret: 0n,
    segs: [
      { addr: A, bytes: text('a'), string: true },
      { addr: B, bytes: statxBytes(0x7ff, S_IFREG | 0o600, 12n), exit: true },
    ],
  },
  {
    name: 'statx',
    args: [5n, A, 0x1000n, 0x2n, B],
    ret: -9n,
    segs: [{ addr: A, bytes: text(''), string: true }],
  },
  // flags and enums: known, unknown bits, zero; 64-bit values
  { name: 'lseek', args: [3n, 10n, 1n], ret: 10n },
  { name: 'lseek', args: [3n, 0n, 77n], ret: -22n },
  { name: 'mprotect', args: [0x7f00_0000_0000n, 4096n, 0n], ret: 0n },
  { name: 'mprotect', args: [0x7f00_0000_0000n, 4096n, 0x3n], ret: 0n },
  { name: 'mprotect', args: [0x7f00_0000_0000n, 4096n, 0x1000_0005n], ret: -22n },
  { name: 'mmap', args: [0n, 8192n, 3n, 0x22n, -1n, 0n], ret: 0x7f12_3456_7000n },
  // openat's mode: shown only with O_CREAT (or O_TMPFILE), else left out with its separator
  {
    name: 'openat',
    args: [AT_FDCWD, A, 0x80000n],
    ret: 3n,
    segs: [{ addr: A, bytes: text('/etc/passwd'), string: true }],
  },
  {
    name: 'openat',
    args: [AT_FDCWD, A, 0x241n, 0o644n],
    ret: 4n,
    segs: [{ addr: A, bytes: text('out.o'), string: true }],
  },
  {
    name: 'openat',
    args: [5n, A, 0x410000n, 0o600n],
    ret: -95n,
    segs: [{ addr: A, bytes: text('.'), string: true }],
  },
  {
    name: 'access',
    args: [A, 4n],
    ret: -2n,
    segs: [{ addr: A, bytes: text('/etc/ld.so.preload'), string: true }],
  },
  {
    name: 'access',
    args: [A, 0xffff_ffff_0000_0000n],
    ret: -22n,
    segs: [{ addr: A, bytes: text('x'), string: true }],
    cut: true,
  },
  // signals, and structs and signal sets read from the captured memory (make's shells: ~5 k rt_sigaction calls)
  { name: 'kill', args: [1234n, 15n], ret: 0n },
  { name: 'kill', args: [1234n, 0n], ret: -3n },
  { name: 'tgkill', args: [1234n, 1235n, 99n], ret: -22n },
  {
    name: 'rt_sigaction',
    args: [2n, A, B, 8n],
    ret: 0n,
    segs: [
      { addr: A, bytes: sigactionBytes(0x5555_0000_2000n, 0x0400_0004n, 0x7f00_0000_1000n, 1n << 16n) },
      { addr: B, bytes: sigactionBytes(0n, 0n, 0n, 0n), exit: true },
    ],
  },
  {
    name: 'rt_sigaction',
    args: [17n, A, 0n, 8n],
    ret: 0n,
    segs: [{ addr: A, bytes: sigactionBytes(1n, 0x0400_0000n, 0x7f00_0000_1000n, 0xffff_fffe_7fff_ffffn) }],
  },
  {
    name: 'rt_sigaction',
    args: [64n, A, B, 8n],
    ret: -22n,
    segs: [{ addr: A, bytes: sigactionBytes(0n, 0n, 0n, 0n) }],
  },
  // an act the entry program could not read: its address
  { name: 'rt_sigaction', args: [15n, A, B, 8n], ret: 0n },
  // the same act again (its text kept by its bytes) for another signal, and an old action like the first act
  {
    name: 'rt_sigaction',
    args: [3n, A, B, 8n],
    ret: 0n,
    segs: [
      { addr: A, bytes: sigactionBytes(0x5555_0000_2000n, 0x0400_0004n, 0x7f00_0000_1000n, 1n << 16n) },
      {
        addr: B,
        bytes: sigactionBytes(0x5555_0000_2000n, 0x0400_0004n, 0x7f00_0000_1000n, 1n << 16n),
        exit: true,
      },
    ],
  },
  {
    name: 'rt_sigprocmask',
    args: [0n, A, B, 8n],
    ret: 0n,
    segs: [
      { addr: A, bytes: u64Bytes((1n << 1n) | (1n << 16n)) },
      { addr: B, bytes: u64Bytes(0n), exit: true },
    ],
  },
  { name: 'rt_sigprocmask', args: [2n, A, 0n, 8n], ret: 0n, segs: [{ addr: A, bytes: u64Bytes(~0n) }] },
  { name: 'rt_sigprocmask', args: [0n, A, B, 7n], ret: -22n, segs: [{ addr: A, bytes: u64Bytes(1n) }] },
  {
    name: 'wait4',
    args: [-1n, A, 0n, 0n],
    ret: 4321n,
    segs: [{ addr: A, bytes: u32Bytes(0x100), exit: true }],
  },
  { name: 'wait4', args: [-1n, A, 1n, 0n], ret: 0n },
  { name: 'wait4', args: [-1n, A, 0n, 0n], ret: -10n },
  {
    name: 'prlimit64',
    args: [0n, 7n, 0n, B],
    ret: 0n,
    segs: [{ addr: B, bytes: Uint8Array.of(0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0), exit: true }],
  },
  {
    name: 'prlimit64',
    args: [0n, 3n, A, 0n],
    ret: 0n,
    segs: [{ addr: A, bytes: concat(u64Bytes(8n << 20n), u64Bytes(-1n)) }],
  },
  {
    name: 'getdents64',
    args: [3n, B, 32768n],
    ret: 48n,
    segs: [{ addr: B, bytes: concat(direntBytes(1n, 'a'), direntBytes(2n, 'bc')), exit: true }],
  },
  { name: 'getdents64', args: [3n, B, 32768n], ret: 0n, segs: [{ addr: B, bytes: EMPTY, exit: true }] },
  // custom arguments run per call with their hooks (fcntl's, arch_prctl's) or sized by the return (getrandom's)
  { name: 'fcntl', args: [3n, 1n], ret: 1n },
  { name: 'fcntl', args: [3n, 1n], ret: -9n },
  { name: 'fcntl', args: [3n, 2n, 1n], ret: 0n },
  { name: 'fcntl', args: [3n, 3n], ret: 0x8002n },
  { name: 'fcntl', args: [1n, 1030n, 10n], ret: 10n },
  {
    name: 'fcntl',
    args: [3n, 5n, B],
    ret: 0n,
    segs: [
      {
        addr: B,
        bytes: concat(
          Uint8Array.of(2, 0, 0, 0, 0, 0, 0, 0),
          u64Bytes(0n),
          u64Bytes(0n),
          u32Bytes(0),
          u32Bytes(0),
        ),
        exit: true,
      },
    ],
  },
  { name: 'arch_prctl', args: [0x1002n, 0x7f12_3456_7740n], ret: 0n },
  {
    name: 'arch_prctl',
    args: [0x1003n, B],
    ret: 0n,
    segs: [{ addr: B, bytes: u64Bytes(0x7f12_3456_7740n), exit: true }],
  },
  { name: 'arch_prctl', args: [0x1011n, 0n], ret: 1n },
  { name: 'arch_prctl', args: [0x3001n, B], ret: -22n },
  {
    name: 'getrandom',
    args: [B, 8n, 1n],
    ret: 8n,
    segs: [{ addr: B, bytes: binary.subarray(0, 8), exit: true }],
  },
  { name: 'getrandom', args: [B, 40n, 0n], ret: 40n, segs: [{ addr: B, bytes: binary, exit: true }] },
  { name: 'getrandom', args: [B, 8n, 0n], ret: -11n },
  {
    name: 'statfs',
    args: [A, B],
    ret: 0n,
    segs: [
      { addr: A, bytes: text('/'), string: true },
      { addr: B, bytes: Uint8Array.from({ length: 120 }, (_, i) => (i * 7) & 0xff), exit: true },
    ],
  },
];

const BASE: StraceTextOptions = { toFile: true, followForks: false, perProcess: false, xflag: 0, quiet: [] };
const VARIANTS: readonly {
  name: string;
  decode: Partial<DecodeOptions>;
  text: Partial<StraceTextOptions>;
}[] = [
  { name: 'defaults', decode: {}, text: {} },
  { name: '-f -s 8 -x', decode: { strsize: 8, xflag: 1 }, text: { followForks: true, xflag: 1 } },
  { name: '-xx -s 0', decode: { strsize: 0, xflag: 2 }, text: { xflag: 2 } },
  { name: '-v', decode: { verbose: true }, text: {} },
  {
    name: '-f -tt -T -r',
    decode: {},
    text: { followForks: true, time: { absolute: { unix: false, digits: 6 }, syscall: 6, relative: 6 } },
  },
];

/** The records through the decoder, `fast` or not, into a text file; the lines and how many went as text. */
function run(
  decode: DecodeOptions,
  options: StraceTextOptions,
  fast: boolean,
  split: boolean | 'flushed',
): { lines: string; asText: number } {
  const items: Decoded[] = [];
  const config: TraceConfig = { command: [], attach: [], followForks: true, decode };
  const decoder = new RecordDecoder(config, { emit: (e) => items.push(e) }, fast);
  let ts = 1_000_000_000n;
  for (const c of CALLS) {
    const rec = record(c, ts);
    ts += 10_000n;
    decoder.handle(new DataView(rec.buffer), rec, 0, rec.length);
  }
  const path = join(dir, `out-${fast}-${split}-${Math.random()}`);
  const sink = new TextSink({ path, append: false, perProcess: false }, options);
  let asText = 0;
  for (const e of items) {
    if (e.type === 'call') {
      asText++;
      if (split) {
        sink.call(e, 'enter');
        // a flush between the halves prints the held entry half as it came, not joined with its exit
        if (split === 'flushed') sink.flush();
        sink.call(e, 'exit');
      } else sink.call(e, 'whole');
    } else if (e.type !== 'call-json') sink.add(e);
  }
  sink.close();
  return { lines: readFileSync(path, 'utf8'), asText };
}

for (const v of VARIANTS) {
  test(`record-to-text lines are the general path's (${v.name})`, () => {
    const decode = { ...DEFAULT_DECODE, ...v.decode };
    const options = { ...BASE, ...v.text };
    const general = run(decode, options, false, false);
    const whole = run(decode, options, true, false);
    const halves = run(decode, options, true, true);
    const flushed = run(decode, options, true, 'flushed');
    assert.equal(general.asText, 0);
    assert.equal(whole.asText, CALLS.length, 'every call here has a fast form, cut registers too');
    assert.ok(CALLS.some((c) => c.cut));
    assert.equal(whole.lines, general.lines);
    assert.equal(halves.lines, general.lines);
    assert.equal(flushed.lines, general.lines);
    assert.equal(general.lines.split('\n').length, CALLS.length + 1);
  });
}

/** The records through the decoder into a JSON Lines file, as their JSON items (`fast`) or as events. */
function runJson(decode: DecodeOptions, fast: boolean): { lines: string; asJson: number } {
  const items: Decoded[] = [];
  const config: TraceConfig = { command: [], attach: [], followForks: true, decode };
  const decoder = new RecordDecoder(
    config,
    { emit: (e) => items.push(e) },
    false,
    fast ? jsonValueText : undefined,
  );
  let ts = 1_000_000_000n;
  for (const c of CALLS) {
    const rec = record(c, ts);
    ts += 10_000n;
    decoder.handle(new DataView(rec.buffer), rec, 0, rec.length);
  }
  const path = join(dir, `json-${fast}-${Math.random()}`);
  // one thread group: the records' pid is their thread's
  const sink = new JsonlSink({ path, append: false, perProcess: false }, { pidOf: (tid: number) => tid });
  let asJson = 0;
  for (const e of items) {
    if (e.type === 'call-json') {
      asJson++;
      callJsonExit(sink, callJsonEnter(sink, e), e);
    } else if (e.type !== 'call') sink.add(e);
  }
  sink.close();
  return { lines: readFileSync(path, 'utf8'), asJson };
}

for (const v of VARIANTS) {
  test(`record-to-JSON lines are the general path's (${v.name})`, () => {
    const decode = { ...DEFAULT_DECODE, ...v.decode };
    const general = runJson(decode, false);
    const fast = runJson(decode, true);
    assert.equal(general.asJson, 0);
    assert.equal(fast.asJson, CALLS.length, 'every call here has a live JSON form');
    assert.equal(fast.lines, general.lines);
    assert.equal(general.lines.split('\n').length, CALLS.length + 1);
  });
}

test('getuid and the like print their values unsigned on the record-to-text path, as strace 6.1', () => {
  const fast = run(DEFAULT_DECODE, BASE, true, false).lines;
  assert.match(fast, /^geteuid\(\) += -1 EPERM /m);
  assert.match(fast, /^getegid\(\) += 18446744073709547520$/m);
  assert.match(fast, /^getuid\(\) += 9223372036854775808$/m);
  assert.match(fast, /^setfsgid\(-1\) += 4294967295$/m);
});

test('the structs and custom arguments printed from records have no decoder hooks (they would be skipped)', () => {
  for (const p of FAST_STRUCTS) {
    const d = structDecoder(p);
    assert.ok(d, p);
    assert.equal(d.atEntry ?? d.atExit, undefined, p);
  }
  for (const p of FAST_CUSTOM) {
    const d = customDecoder(p);
    assert.ok(d, p);
    assert.equal(d.atEntry ?? d.atExit, undefined, p);
  }
});

test('options the fast forms do not cover send every call down the general path', () => {
  for (const decode of [
    { ...DEFAULT_DECODE, yflag: 1 as const },
    { ...DEFAULT_DECODE, decodePids: true },
    { ...DEFAULT_DECODE, fdDetails: ['path' as const] },
  ]) {
    const r = run(decode, BASE, true, false);
    assert.equal(r.asText, 0, JSON.stringify(decode));
  }
});
