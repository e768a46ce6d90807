// Loads maps and programs with bpf(2): one fd each, owned by this process (they go when vat goes, however it
// ends). A program the verifier rejects leaves its log in a file named by a one-line error.
import { openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VatError } from '../../errors.js';
import { bpfLibc } from '../../sys/bpf.js';
import { allocNative, lastErrno, type NativeBuffer } from '../../sys/libc.js';
import { constantOf } from '../../tables/constants.js';
import { errnoByValue } from '../../tables/errnos.js';
import { Assembler, FP, R0, R1, R2, R3, R4 } from './asm/assembler.js';
import { BPF_CMD, MAP_TYPE, type MapType, PROG_TYPE, type ProgType } from './bpf-consts.js';
import { FUNC_INFO_SIZE, funcInfo, functionsBtf, subprogramStarts } from './func-info.js';

const ATTR_SIZE = 128;
const attr = allocNative(ATTR_SIZE);

const errText = (e: number): string => errnoByValue(e)?.message ?? `errno ${e}`;
const errName = (e: number): string => errnoByValue(e)?.name ?? String(e);

function call(cmd: number): number {
  return bpfLibc.bpf(cmd, attr.address, ATTR_SIZE);
}

function clearAttr(): DataView {
  attr.bytes.fill(0);
  return attr.view;
}

/** A map's or program's name as the kernel takes it (15 bytes and a NUL at most). */
const nameBytes = (name: string): Uint8Array => new TextEncoder().encode(name.slice(0, 15));

export interface BpfMap {
  readonly fd: number;
  readonly name: string;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
}

const mapRefused = (name: string, e: number): VatError =>
  new VatError(`eBPF: cannot create map ${name}: ${errText(e)}${permissionHint(e)}`, 'EBPF');

export function createMap(
  name: string,
  type: MapType,
  keySize: number,
  valueSize: number,
  maxEntries: number,
  flags = 0,
  innerMapFd?: number,
): BpfMap {
  const v = clearAttr();
  mapAttr(attr, name, type, keySize, valueSize, maxEntries, flags);
  if (innerMapFd !== undefined) v.setUint32(20, innerMapFd, true); // a map of maps: its template
  const fd = call(BPF_CMD.MAP_CREATE);
  if (fd < 0) throw mapRefused(name, lastErrno());
  return { fd, name, keySize, valueSize, maxEntries };
}

/**
 * A map being created on another thread while this one assembles and loads what does not need it yet (the ring:
 * 14 ms of kernel time for 64 MiB, 50-100 ms for 256 MiB). Its fd number is held from the start by a
 * placeholder (an fd on /dev/null), which the created map replaces (dup3) in ready(): programs assembled against
 * `map.fd` meanwhile name the map itself once it is ready. Made here and now instead when `later` is false (memory
 * is short: this thread's own allocations meanwhile could wake a memory cgroup's OOM killer) or no fd is left for a
 * placeholder. Never throws before ready(), which throws what the kernel refused.
 */
export class PendingMap {
  readonly map: BpfMap;
  private readonly created: Promise<number>;
  private state: 'pending' | 'ready' | 'closed' = 'pending';
  /** Made here and now: what the kernel's refusal was. */
  private readonly refused: VatError | undefined;

  constructor(
    name: string,
    private readonly type: MapType,
    keySize: number,
    valueSize: number,
    maxEntries: number,
    private readonly flags = 0,
    later = true,
  ) {
    let placeholder: number | undefined;
    if (later)
      try {
        placeholder = openSync('/dev/null', 'r'); // close-on-exec, as every fd Node opens
      } catch {}
    if (placeholder === undefined) {
      let fd = -1;
      try {
        fd = createMap(name, type, keySize, valueSize, maxEntries, flags).fd;
      } catch (err) {
        this.refused = err as VatError; // thrown at ready()
      }
      this.map = { fd, name, keySize, valueSize, maxEntries };
      this.created = Promise.resolve(fd);
      return;
    }
    this.map = { fd: placeholder, name, keySize, valueSize, maxEntries };
    this.created = createMapLater(name, type, keySize, valueSize, maxEntries, flags).then((fd) => {
      // abandoned meanwhile (a failed start): nobody else will close it
      if (this.state === 'closed' && fd >= 0) closeFd(fd);
      return fd;
    });
  }

  /**
   * The map, created and under its fd number. A failure on the other thread is made again here for its errno (the
   * other thread's is not this one's).
   */
  async ready(): Promise<BpfMap> {
    const fd = await this.created;
    if (this.state === 'ready') return this.map;
    if (this.state === 'closed')
      throw new VatError(`eBPF: map ${this.map.name} closed while created`, 'EBPF');
    const { name, keySize, valueSize, maxEntries } = this.map;
    if (fd === this.map.fd) {
      if (this.refused !== undefined) throw this.refused;
    } else {
      const made = fd >= 0 ? fd : createMap(name, this.type, keySize, valueSize, maxEntries, this.flags).fd;
      const moved = bpfLibc.dup3(made, this.map.fd, O_CLOEXEC);
      const e = moved < 0 ? lastErrno() : 0;
      closeFd(made);
      if (moved < 0) throw mapRefused(name, e);
    }
    this.state = 'ready';
    return this.map;
  }

  /** Closes the map, or the placeholder (the map is closed when its creation ends). */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    closeFd(this.map.fd);
  }
}

const O_CLOEXEC = Number(constantOf('open_flags', 'O_CLOEXEC'));

/** A map's creation attributes, written into a zeroed block. */
function mapAttr(
  into: NativeBuffer,
  name: string,
  type: MapType,
  keySize: number,
  valueSize: number,
  maxEntries: number,
  flags: number,
): void {
  const v = into.view;
  v.setUint32(0, MAP_TYPE[type], true);
  v.setUint32(4, keySize, true);
  v.setUint32(8, valueSize, true);
  v.setUint32(12, maxEntries, true);
  v.setUint32(16, flags, true);
  into.bytes.set(nameBytes(name), 28); // map_name sits at offset 28 (measured: DESIGN.md)
}

export function permissionHint(e: number): string {
  const n = errName(e);
  return n === 'EPERM' || n === 'EACCES' ? ' (eBPF needs root, or CAP_BPF and CAP_PERFMON)' : '';
}

function elemCall(cmd: number, map: BpfMap, key: bigint, value: bigint, flags = 0): number {
  const v = clearAttr();
  v.setUint32(0, map.fd, true);
  v.setBigUint64(8, key, true);
  v.setBigUint64(16, value, true);
  v.setBigUint64(24, BigInt(flags), true);
  return call(cmd);
}

/** Scratch for keys and values handed to the kernel. */
const KV = 1 << 16;
const kv: NativeBuffer = allocNative(KV * 2);

export function updateElem(map: BpfMap, key: Uint8Array, value: Uint8Array): void {
  kv.bytes.set(key, 0);
  kv.bytes.set(value, KV);
  if (elemCall(BPF_CMD.MAP_UPDATE_ELEM, map, kv.address, kv.address + BigInt(KV)) < 0)
    throw new VatError(`eBPF: cannot update map ${map.name}: ${errText(lastErrno())}`, 'EBPF');
}

/**
 * Puts the map `inner` in slot 0 of the map of maps `outer` on another thread: the kernel waits for an RCU grace
 * period there (5-15 ms), after which no program still writes to what the slot held. False when refused.
 */
export async function setInnerLater(outer: BpfMap, inner: number): Promise<boolean> {
  const own = allocNative(ATTR_SIZE + 16);
  const key = own.address + BigInt(ATTR_SIZE);
  own.view.setUint32(ATTR_SIZE, 0, true);
  own.view.setUint32(ATTR_SIZE + 8, inner, true);
  own.view.setUint32(0, outer.fd, true);
  own.view.setBigUint64(8, key, true);
  own.view.setBigUint64(16, key + 8n, true);
  const r = await bpfLibc.bpfLater(BPF_CMD.MAP_UPDATE_ELEM, own.address, ATTR_SIZE).catch(() => -1);
  own.bytes.fill(0); // `own` kept allocated until the kernel has read it
  return r >= 0;
}

/** Creates a map on another thread (its fd, or -1 when refused: its errno stays on that thread). */
export async function createMapLater(
  name: string,
  type: MapType,
  keySize: number,
  valueSize: number,
  maxEntries: number,
  flags = 0,
): Promise<number> {
  const own = allocNative(ATTR_SIZE);
  mapAttr(own, name, type, keySize, valueSize, maxEntries, flags);
  const fd = await bpfLibc.bpfLater(BPF_CMD.MAP_CREATE, own.address, ATTR_SIZE).catch(() => -1);
  own.bytes.fill(0); // `own` kept allocated until the kernel has read it
  return fd;
}

/** Removes `key` (absent already: nothing to do). */
export function deleteElem(map: BpfMap, key: Uint8Array): void {
  kv.bytes.set(key, 0);
  elemCall(BPF_CMD.MAP_DELETE_ELEM, map, kv.address, 0n);
}

/**
 * Writes `count` elements in one call (BPF_MAP_UPDATE_BATCH: the plans' 512 entries were 512 calls, ~0.1-0.3 s
 * of every start at load). False when the kernel refused the batch (the caller then writes them one by one).
 */
export function updateBatch(map: BpfMap, keys: Uint8Array, values: Uint8Array, count: number): boolean {
  const buf = allocNative(keys.length + values.length);
  buf.bytes.set(keys, 0);
  buf.bytes.set(values, keys.length);
  const v = clearAttr();
  v.setBigUint64(16, buf.address, true);
  v.setBigUint64(24, buf.address + BigInt(keys.length), true);
  v.setUint32(32, count, true);
  v.setUint32(36, map.fd, true);
  return call(BPF_CMD.MAP_UPDATE_BATCH) === 0 && attr.view.getUint32(32, true) === count;
}

/** The value under `key` (for per-CPU maps, every CPU's value one after another), or undefined. */
export function lookupElem(map: BpfMap, key: Uint8Array, size = map.valueSize): Uint8Array | undefined {
  kv.bytes.set(key, 0);
  if (size > KV) throw new VatError(`eBPF: map ${map.name} value too large to read`, 'EBPF');
  if (elemCall(BPF_CMD.MAP_LOOKUP_ELEM, map, kv.address, kv.address + BigInt(KV)) < 0) return undefined;
  return kv.bytes.slice(KV, KV + size);
}

/** Every key of a hash map (BPF_MAP_GET_NEXT_KEY from no key). */
export function mapKeys(map: BpfMap): Uint8Array[] {
  const keys: Uint8Array[] = [];
  let prev: Uint8Array | undefined;
  for (let i = 0; i < map.maxEntries; i++) {
    if (prev) kv.bytes.set(prev, 0);
    const keyAddr = prev ? kv.address : 0n;
    if (elemCall(BPF_CMD.MAP_GET_NEXT_KEY, map, keyAddr, kv.address + BigInt(KV)) < 0) break;
    prev = kv.bytes.slice(KV, KV + map.keySize);
    keys.push(prev);
  }
  return keys;
}

const BATCH_N = 256;
let batchBuf: NativeBuffer | undefined;

/**
 * Calls `each(key, value)` for every element of a map, read with BPF_MAP_LOOKUP_BATCH (one call per 256
 * elements; the views are valid during the call only). False when the kernel refused the batch read. A per-CPU
 * map's value is every CPU's, each rounded up to 8 bytes: `valueBytes` says how long.
 */
export function forEachElem(
  map: BpfMap,
  each: (key: DataView, value: DataView) => void,
  valueBytes = map.valueSize,
): boolean {
  const tokens = 16;
  const keysAt = tokens;
  const valuesAt = keysAt + BATCH_N * map.keySize;
  const need = valuesAt + BATCH_N * valueBytes;
  if (!batchBuf || batchBuf.bytes.length < need) batchBuf = allocNative(need);
  const b = batchBuf;
  for (let first = true; ; first = false) {
    if (!first) b.bytes.copyWithin(0, 8, 16); // the last call's out_batch is this call's in_batch
    const v = clearAttr();
    v.setBigUint64(0, first ? 0n : b.address, true);
    v.setBigUint64(8, b.address + 8n, true);
    v.setBigUint64(16, b.address + BigInt(keysAt), true);
    v.setBigUint64(24, b.address + BigInt(valuesAt), true);
    v.setUint32(32, BATCH_N, true);
    v.setUint32(36, map.fd, true);
    const r = call(BPF_CMD.MAP_LOOKUP_BATCH);
    const err = r < 0 ? lastErrno() : 0;
    const n = attr.view.getUint32(32, true);
    if (r < 0 && errName(err) !== 'ENOENT') return false;
    for (let i = 0; i < n; i++)
      each(
        new DataView(b.bytes.buffer, b.bytes.byteOffset + keysAt + i * map.keySize, map.keySize),
        new DataView(b.bytes.buffer, b.bytes.byteOffset + valuesAt + i * valueBytes, valueBytes),
      );
    if (r < 0) return true; // ENOENT: the last batch
  }
}

/** Whether the program or map with this id still exists in the kernel (BPF_*_GET_FD_BY_ID). */
export function bpfObjectExists(kind: 'prog' | 'map', id: number): boolean {
  const v = clearAttr();
  v.setUint32(0, id, true);
  const fd = call(kind === 'prog' ? BPF_CMD.PROG_GET_FD_BY_ID : BPF_CMD.MAP_GET_FD_BY_ID);
  if (fd < 0) return false;
  closeFd(fd);
  return true;
}

/**
 * The same load verified on another thread while this one loads others (the exit program's verification is ~14 ms,
 * the entry program's ~6 ms); a failure is loaded again here, for the errno, the retries and the verifier's log.
 */
export async function loadProgramLater(
  name: string,
  code: Uint8Array,
  type: ProgType = 'TRACEPOINT',
): Promise<number> {
  const own = allocNative(ATTR_SIZE);
  programAttrs(name, code, type)(own, 0, undefined);
  const fd = await bpfLibc.bpfLater(BPF_CMD.PROG_LOAD, own.address, ATTR_SIZE);
  own.bytes.fill(0); // `own` (and what it points at) kept allocated until the kernel has read it
  return fd >= 0 ? fd : loadProgram(name, code, type);
}

/** Writes a program's load attributes into `into` (zeroed), with the native memory they point at kept alive. */
function programAttrs(
  name: string,
  code: Uint8Array,
  type: ProgType,
): (into: NativeBuffer, logLevel: number, log: NativeBuffer | undefined) => void {
  const insns = allocNative(code.length);
  insns.bytes.set(code);
  const license = allocNative(8);
  license.bytes.set(new TextEncoder().encode('GPL\0'));
  // subprograms (bpf_loop's callbacks) need their function types in BTF
  const starts = subprogramStarts(code);
  const funcs = starts.length > 0 ? funcInfo(starts) : undefined;
  const info = funcs ? allocNative(funcs.length) : undefined;
  if (funcs && info) info.bytes.set(funcs);
  const btf = funcs ? functionsBtfFd(name) : -1;
  return (into, logLevel, log) => {
    const v = into.view;
    v.setUint32(0, PROG_TYPE[type], true);
    v.setUint32(4, code.length / 8, true);
    v.setBigUint64(8, insns.address, true);
    v.setBigUint64(16, license.address, true);
    if (funcs && info) {
      v.setUint32(72, btf, true); // prog_btf_fd
      v.setUint32(76, FUNC_INFO_SIZE, true);
      v.setBigUint64(80, info.address, true);
      v.setUint32(88, funcs.length / FUNC_INFO_SIZE, true);
    }
    if (logLevel > 0 && log) {
      v.setUint32(24, logLevel, true);
      v.setUint32(28, log.bytes.length, true);
      v.setBigUint64(32, log.address, true);
    }
    into.bytes.set(nameBytes(name), 48);
  };
}

/** Where verifier logs go when a program is rejected. */
export const verifierLogPath = (name: string): string =>
  join(tmpdir(), `vat-verifier-${process.pid}-${name}.log`);

const LOG_SIZE = 1 << 24;
let logBuf: NativeBuffer | undefined;
/** BPF_LOG_STATS: the verifier's summary alone (time, stack depth, insns processed, states), a few lines. */
const LOG_STATS = 4;
const STATS_SIZE = 4096;
let statsBuf: NativeBuffer | undefined;

/**
 * Loads a program; `stats`, when given, receives the verifier's summary of a successful load (BPF_LOG_STATS:
 * "verification time ... processed N insns ... total_states ... peak_states"), for measuring what it costs.
 */
export function loadProgram(
  name: string,
  code: Uint8Array,
  type: ProgType = 'TRACEPOINT',
  stats?: (summary: string) => void,
): number {
  const fill = programAttrs(name, code, type);
  const load = (logLevel: number): number => {
    clearAttr();
    fill(attr, logLevel, logLevel === LOG_STATS ? statsBuf : logBuf);
    return call(BPF_CMD.PROG_LOAD);
  };
  // the verifier gives up with EAGAIN when a signal arrives (a profiler's timer): signals wait meanwhile
  let fd = -1;
  let e = 0;
  if (stats) {
    statsBuf ??= allocNative(STATS_SIZE);
    statsBuf.bytes[0] = 0;
  }
  for (let i = 0; i < 5; i++) {
    [fd, e] = withSignalsBlocked(() => load(stats ? LOG_STATS : 0));
    if (fd >= 0) {
      if (stats && statsBuf) stats(cString(statsBuf.bytes).trim());
      return fd;
    }
    if (errName(e) !== 'EAGAIN') break;
  }
  // reload with the verifier's log to say why
  logBuf ??= allocNative(LOG_SIZE);
  logBuf.bytes[0] = 0;
  let again = 0;
  [fd, again] = withSignalsBlocked(() => load(1));
  if (fd >= 0) return fd;
  if (errName(again) === 'EAGAIN')
    throw new VatError(`eBPF: cannot load program ${name}: interrupted while verifying`, 'EBPF');
  const log = cString(logBuf.bytes);
  if (log.trim() === '')
    throw new VatError(`eBPF: cannot load program ${name}: ${errText(e)}${permissionHint(e)}`, 'EBPF');
  const path = verifierLogPath(name);
  try {
    writeFileSync(path, log);
  } catch {}
  throw new VatError(`eBPF: the kernel's verifier rejected program ${name} (log: ${path})`, 'EVERIFIER');
}

let btfFd: number | undefined;

/** The fd of the functions' BTF (loaded once, kept for the process's life); a one-line error when refused. */
function functionsBtfFd(program: string): number {
  if (btfFd !== undefined) return btfFd;
  const bytes = functionsBtf();
  const buf = allocNative(bytes.length);
  buf.bytes.set(bytes);
  const v = clearAttr();
  v.setBigUint64(0, buf.address, true);
  v.setUint32(16, bytes.length, true);
  const fd = call(BPF_CMD.BTF_LOAD);
  if (fd < 0) {
    const e = lastErrno();
    throw new VatError(`eBPF: cannot load program ${program}: its BTF was refused: ${errText(e)}`, 'EBPF');
  }
  btfFd = fd;
  return fd;
}

let loops: boolean | undefined;

/**
 * Whether the kernel runs bpf_loop (Linux 5.17+) with a callback described by our BTF: a 7-instruction program
 * loaded once. Without it the programs unroll their loops (larger, slower to verify, the same captures).
 */
export function kernelHasLoops(): boolean {
  if (loops !== undefined) return loops;
  const a = new Assembler();
  a.mov(R1, 1);
  a.ldFunc(R2, () => {
    a.mov(R0, 0);
    a.exit();
  });
  a.mov(R3, FP).add(R3, -8);
  a.store('DW', FP, -8, 0);
  a.mov(R4, 0);
  a.call('loop');
  a.mov(R0, 0);
  a.exit();
  const name = 'vat_probe_loop';
  try {
    closeFd(loadProgram(name, a.assemble(), 'RAW_TRACEPOINT'));
    loops = true;
  } catch {
    // a refusal here is an answer, not an error: its verifier log is not kept
    rmSync(verifierLogPath(name), { force: true });
    loops = false;
  }
  return loops;
}

/** The text up to the first NUL. */
function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end));
}

const masks = allocNative(256);

/** Runs `f` with every signal blocked on this thread (they are delivered after, none is lost). */
function withSignalsBlocked(f: () => number): [result: number, errno: number] {
  const SIG_SETMASK = 2;
  masks.bytes.fill(0xff, 0, 128);
  bpfLibc.sigprocmask(SIG_SETMASK, masks.address, masks.address + 128n);
  try {
    const r = f();
    return [r, r < 0 ? lastErrno() : 0];
  } finally {
    bpfLibc.sigprocmask(SIG_SETMASK, masks.address + 128n, 0n);
  }
}

/**
 * Attaches a raw tracepoint program (its context: the tracepoint's own arguments, pointers included); the fd
 * returned holds the attachment.
 */
export function attachRawTracepoint(tracepoint: string, progFd: number): number {
  const name = allocNative(64);
  name.bytes.set(new TextEncoder().encode(`${tracepoint.slice(0, 62)}\0`));
  const v = clearAttr();
  v.setBigUint64(0, name.address, true);
  v.setUint32(8, progFd, true);
  const fd = call(BPF_CMD.RAW_TRACEPOINT_OPEN);
  if (fd < 0) {
    const e = lastErrno();
    throw new VatError(
      `eBPF: cannot attach to raw tracepoint ${tracepoint}: ${errText(e)}${permissionHint(e)}`,
      'EBPF',
    );
  }
  return fd;
}

export function closeFd(fd: number): void {
  if (fd >= 0) bpfLibc.close(fd);
}
