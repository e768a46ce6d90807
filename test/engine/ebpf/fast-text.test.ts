// The eBPF record-to-text path prints exactly what the general path (decoders, events, formatter) prints for the
// same records: synthetic ring records of calls with numbers, fds, strings and buffers (captured or not, cut at
// -s, failed, 64-bit values), under several -s/-x/time/prefix options, go through both and are compared.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_DECODE, type DecodeOptions } from '../../../src/decode/options.js';
import { KIND, REC, SEG, SEG_FLAG } from '../../../src/engine/ebpf/layout.js';
import { type Decoded, RecordDecoder } from '../../../src/engine/ebpf/records.js';
import type { TraceConfig } from '../../../src/engine/engine.js';
import type { StraceTextOptions } from '../../../src/format/strace-text.js';
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
  { name: 'close', args: [3n], ret: 0n },
  { name: 'close', args: [0xffff_ffffn], ret: -9n },
  { name: 'close', args: [7n], ret: -85n },
  { name: 'brk', args: [0n], ret: 0x5555_5555_8000n },
  { name: 'brk', args: [0x5555_5555_9000n], ret: 0x5555_5555_9000n },
  { name: 'chdir', args: [A], ret: 0n, segs: [{ addr: A, bytes: text('/tmp/a dir'), string: true }] },
  { name: 'chdir', args: [A], ret: -2n },
  { name: 'chdir', args: [0n], ret: -14n },
  { name: 'getppid', args: [], ret: 1n, tid: 4243 },
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
  split: boolean,
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
        sink.call(e, 'exit');
      } else sink.call(e, 'whole');
    } else sink.add(e);
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
    assert.equal(general.asText, 0);
    assert.equal(whole.asText, CALLS.length, 'every call here has a fast form');
    assert.equal(whole.lines, general.lines);
    assert.equal(halves.lines, general.lines);
    assert.equal(general.lines.split('\n').length, CALLS.length + 1);
  });
}

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
