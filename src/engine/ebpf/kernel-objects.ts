// Everything vat puts in the kernel for one trace: maps, programs and the perf events that attach them, all
// fds of this process (released by close(), and by the kernel when vat dies however it dies).
import { close as fsClose, readFileSync } from 'node:fs';
import { VatError } from '../../errors.js';
import { syscallByName } from '../../tables/syscalls.js';
import type { MapRef } from './asm/assembler.js';
import { kernelOffsets } from './btf.js';
import { GrowingRing } from './growing-ring.js';
import { ENTRY_DATA, PLAN, PLAN_ENTRIES, REC, SCRATCH_SIZE, SUMMARY_STATE } from './layout.js';
import {
  attachRawTracepoint,
  type BpfMap,
  closeFd,
  createMap,
  deleteElem,
  forEachElem,
  kernelHasLoops,
  loadProgram,
  loadProgramLater,
  lookupElem,
  mapKeys,
  type PendingMap,
  setInnerLater,
  updateBatch,
  updateElem,
} from './loader.js';
import type { Plans } from './plans.js';
import { type Assembled, cachedPrograms, type ProgramSpec } from './program-cache.js';
import {
  type CgroupWalk,
  execProgram,
  exitProgram,
  type FdWalk,
  forkProgram,
  type GroupDead,
  generateProgram,
  type Maps,
  type Scope,
  type SockWalk,
  STATS_SIZE,
  signalProgram,
  sysEnterProgram,
  sysExitProgram,
} from './programs.js';
export interface KernelOptions {
  readonly scope: Scope;
  readonly follow: boolean;
  readonly summary: boolean;
  /** -O under -c: taken off each call's time in the kernel. */
  readonly overhead?: bigint;
  readonly ringSize: number;
  /** The size the ring grows to when the reader falls behind (none when not larger than ringSize). */
  readonly ringTarget?: number;
  /** Said when the ring grew, or could not (-d). */
  readonly ringNote?: (text: string) => void;
  /** The capture plans, built only when the cache has no programs for these options. */
  readonly plans: () => Plans;
  /** What the plans depend on (planKey()). */
  readonly planKey: string;
  /** -y: the exit program names the fds calls make (pipes and sockets have no path to read later). */
  readonly fdInodes?: boolean;
  /** Capture loops as bpf_loop callbacks (default: when the kernel has bpf_loop); false: unrolled. */
  readonly loops?: boolean;
  /** Given: each program's verifier summary and load time as it loads (bench/ebpf-verify.mjs). */
  readonly verifierStats?: (name: string, summary: string, ms: number) => void;
}

/** The fd table walk's offsets from the kernel's BTF (cached per kernel build), or undefined if one is missing. */
function fdWalkOffsets(): FdWalk | undefined {
  const task = kernelOffsets('task_struct', ['files']);
  const files = kernelOffsets('files_struct', ['fdt']);
  const fdt = kernelOffsets('fdtable', ['max_fds', 'fd']);
  const file = kernelOffsets('file', ['f_inode']);
  const inode = kernelOffsets('inode', ['i_ino', 'i_mode']);
  if (!task || !files || !fdt || !file || !inode) return undefined;
  const sock = sockWalkOffsets();
  const name = nameWalkOffsets();
  return {
    files: task.files,
    fdt: files.fdt,
    maxFds: fdt.max_fds,
    fd: fdt.fd,
    fInode: file.f_inode,
    iIno: inode.i_ino,
    iMode: inode.i_mode,
    ...(sock ? { sock } : {}),
    ...(name ? { name } : {}),
  };
}

/** A file's name: file→f_path.dentry→d_name.name, as two offsets, or undefined if one is missing. */
function nameWalkOffsets(): FdWalk['name'] {
  const file = kernelOffsets('file', ['f_path']);
  const path = kernelOffsets('path', ['dentry']);
  const dentry = kernelOffsets('dentry', ['d_name']);
  const qstr = kernelOffsets('qstr', ['name']);
  if (!file || !path || !dentry || !qstr) return undefined;
  return { dentry: file.f_path + path.dentry, name: dentry.d_name + qstr.name };
}

/** A task's cgroup v2 id, as get_current_cgroup_id reads it (task→cgroups→dfl_cgrp→kn→id). */
function cgroupWalkOffsets(): CgroupWalk | undefined {
  const task = kernelOffsets('task_struct', ['cgroups']);
  const set = kernelOffsets('css_set', ['dfl_cgrp']);
  const cgroup = kernelOffsets('cgroup', ['kn']);
  const kn = kernelOffsets('kernfs_node', ['id']);
  if (!task || !set || !cgroup || !kn) return undefined;
  return { cgroups: task.cgroups, dflCgrp: set.dfl_cgrp, kn: cgroup.kn, id: kn.id };
}

/** A socket file's family, type and protocol, from its struct socket's struct sock, or undefined if one is missing. */
function sockWalkOffsets(): SockWalk | undefined {
  const file = kernelOffsets('file', ['private_data']);
  const socket = kernelOffsets('socket', ['sk']);
  // sk_protocol and sk_type are u16 fields since Linux 5.6 (bitfields before: a fractional offset, refused)
  const sk = kernelOffsets('sock', ['__sk_common', 'sk_type', 'sk_protocol']);
  const common = kernelOffsets('sock_common', ['skc_family']);
  if (!file || !socket || !sk || !common) return undefined;
  return {
    privateData: file.private_data,
    sk: socket.sk,
    family: sk.__sk_common + common.skc_family,
    type: sk.sk_type,
    protocol: sk.sk_protocol,
  };
}

/** Where the exit record's group_dead comes from on this kernel (see GroupDead). */
function groupDead(): GroupDead {
  if (tracepointHasField('sched', 'sched_process_exit', 'group_dead')) return 'arg';
  const task = kernelOffsets('task_struct', ['signal']);
  const signal = kernelOffsets('signal_struct', ['live']);
  return task && signal ? { signal: task.signal, live: signal.live } : undefined;
}

/** Raw tracepoints: their context is the tracepoint's own arguments, pointers included. */
const progType = (p: ProgramSpec): 'RAW_TRACEPOINT' | undefined => (p.raw ? 'RAW_TRACEPOINT' : undefined);

const u32 = (n: number): Uint8Array => new Uint8Array(new Uint32Array([n]).buffer);

/** CPUs the kernel may run (per-CPU map values come one per possible CPU). */
function possibleCpus(): number {
  try {
    const text = readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim();
    return Math.max(...text.split(',').map((r) => Number(r.split('-').at(-1)))) + 1;
  } catch {
    return 1;
  }
}

/**
 * Whether the capture loops are bpf_loop callbacks. -c's programs capture nothing: no probe (a program load, ~1 ms
 * of every -c start).
 */
function captureLoops(o: KernelOptions): boolean {
  return o.summary ? false : (o.loops ?? kernelHasLoops());
}

/** Whether the ring may grow (a bigger one put in its place when the reader falls behind): named through a slot. */
const grows = (o: KernelOptions): boolean => (o.ringTarget ?? o.ringSize) > o.ringSize;

/** The capture plans and the programs for these options and maps, in the order they attach. */
function assemble(o: KernelOptions, maps: Maps): Assembled {
  const plans = o.plans();
  const execveNrs = ['execve', 'execveat'].flatMap((n) => syscallByName('x86_64', n)?.nr ?? []);
  // -c shows no exit status nor signal: the kernel's BTF (megabytes to read, cached) only for -f's child pid
  const forks = o.follow && o.scope.kind === 'tids';
  const task =
    o.summary && !forks ? undefined : kernelOffsets('task_struct', ['exit_code', 'pid', 'tgid', 'flags']);
  const exitCode = o.summary ? undefined : task?.exit_code;
  // the socket argument of sendto, recvmsg...: its buffers' decoders need what the socket is (-y: new fds too)
  const fdWalk = o.summary ? undefined : fdWalkOffsets();
  const po = {
    scope: o.scope,
    maps,
    summary: o.summary,
    ...(o.summary && o.overhead ? { overhead: o.overhead } : {}),
    kinds: plans.kinds,
    execveNrs,
    ...(exitCode !== undefined ? { exitCodeOffset: exitCode } : {}),
    ...(fdWalk ? { fdWalk } : {}),
    newFds: o.fdInodes === true,
    loops: captureLoops(o),
    ringInSlot: grows(o),
  };
  const programs: ProgramSpec[] = [];
  const raw = (name: string, tp: string, code: Uint8Array): void => {
    programs.push({ name, raw: true, category: '', tp, code });
  };
  const perf = (name: string, category: string, tp: string, code: Uint8Array): void => {
    programs.push({ name, raw: false, category, tp, code });
  };
  raw('vat_sys_enter', 'sys_enter', sysEnterProgram(po));
  raw('vat_sys_exit', 'sys_exit', sysExitProgram(po));
  // the scheduler's tracepoints as raw ones too: closing a perf tracepoint event waits for RCU grace periods when
  // its last user goes (60-100 ms apiece at every end), closing a raw one does not
  if (forks && task) raw('vat_fork', 'sched_process_fork', forkProgram(po, task.pid));
  else if (forks) perf('vat_fork', 'sched', 'sched_process_fork', forkProgram(po));
  raw('vat_exit', 'sched_process_exit', exitProgram(po, o.summary ? undefined : groupDead()));
  // with -c too: the launcher is traced from its successful execve on (a failed one leaves it unseen)
  raw('vat_exec', 'sched_process_exec', execProgram(po));
  if (!o.summary) {
    raw('vat_signal', 'signal_deliver', signalProgram(po));
    // signals the kernel acts on at sending (a fatal default action): shown from their generation
    // a cgroup's: the signal's target checked in its cgroup (when the BTF tells how)
    const cgroup = o.scope.kind === 'cgroup' ? cgroupWalkOffsets() : undefined;
    if (task && (o.scope.kind !== 'cgroup' || cgroup))
      raw('vat_generate', 'signal_generate', generateProgram(po, task, cgroup));
  }
  return { plans: plans.bytes, programs };
}

/** A map of maps of one ring (its shape given by a 4 KiB template, which the kernel copies). */
function ringSlot(): BpfMap {
  const template = createMap('vat_ring_shape', 'RINGBUF', 0, 0, 4096);
  try {
    return createMap('vat_rings', 'ARRAY_OF_MAPS', 4, 4, 1, 0, template.fd);
  } finally {
    closeFd(template.fd);
  }
}

export class KernelObjects {
  private readonly maps: BpfMap[] = [];
  private readonly fds: number[] = [];
  readonly traced: BpfMap;
  readonly entries: BpfMap;
  readonly entryData: BpfMap;
  readonly lostMap: BpfMap;
  readonly stats: BpfMap;
  private reader: GrowingRing | undefined;
  /** The programs' map of maps whose slot 0 holds the ring, when it may grow. */
  private readonly outer: BpfMap | undefined;
  readonly cpus = possibleCpus();
  /** Programs by name with their instruction counts, for -v. */
  readonly loaded: { name: string; insns: number }[] = [];
  /** Whether the programs and plans came from the cache (not assembled in this run). */
  readonly cached: boolean = false;
  /** The ring while it is created on another thread (open()), then undefined. */
  private pending: PendingMap | undefined;
  /** Assembled, loaded (and attached) once the ring is there. */
  private readonly programs: readonly ProgramSpec[];

  /**
   * Everything for a trace with the ring made meanwhile: the maps and programs are made and loaded while `ring` is
   * being created on another thread (they name it through the map of maps), and attached once it is in its slot.
   */
  static async open(o: KernelOptions, ring: PendingMap): Promise<KernelObjects> {
    const k = new KernelObjects(o, ring);
    // the ring goes into the programs' slot on another thread (an RCU grace period) while this one verifies them;
    // a ring named directly (-c's, --ring-size's) is there before they load
    const outer = k.outer;
    const installed = outer ? ring.ready().then((m) => setInnerLater(outer, m.fd)) : Promise.resolve(true);
    installed.catch(() => {});
    try {
      if (!outer) await ring.ready();
      // the entry program is verified on another thread while this one verifies the others; -c's programs are a few
      // dozen instructions each, verified sooner than a thread hop, and load in their order
      const [first] = k.programs;
      const later =
        first && !o.verifierStats && !o.summary
          ? loadProgramLater(first.name, first.code, progType(first))
          : undefined;
      // one turn of the event loop before this thread verifies: a ring made meanwhile gets its slot's update (a grace
      // period on another thread) issued now, not after the verification (~10 ms later on the start's critical path)
      if (outer) await new Promise((r) => setImmediate(r));
      const fds: number[] = [];
      try {
        for (const p of k.programs.slice(later ? 1 : 0)) fds.push(k.loadOne(o, p));
      } catch (err) {
        k.fds.push(...fds);
        void later?.then(closeFd, () => {});
        throw err;
      }
      if (later) fds.unshift(await later);
      k.fds.push(...fds);
      const made = await ring.ready();
      k.pending = undefined;
      if (!(await installed)) {
        closeFd(made.fd);
        throw new VatError('eBPF: cannot put the ring in its map of maps', 'EBPF');
      }
      k.load(o, made, fds);
    } catch (err) {
      k.close();
      throw err;
    }
    return k;
  }

  /** The ring's reader (once the programs are loaded). */
  get ring(): GrowingRing {
    if (!this.reader) throw new Error('the eBPF ring is not ready');
    return this.reader;
  }

  /** Everything for a trace, made and loaded now; with `ring`, the programs wait for it (open()). */
  constructor(o: KernelOptions, ring?: PendingMap) {
    this.pending = ring;
    try {
      const map = (m: BpfMap): BpfMap => {
        this.maps.push(m);
        return m;
      };
      const big = o.scope.kind === 'tids' ? 8192 : 32768;
      // -c keeps each thread's state (its call in flight) in its `traced` value, or in the entries map
      const state = o.summary ? SUMMARY_STATE.size : undefined;
      // not preallocated: 65536 elements made up front cost ~50-150 ms of every start
      this.traced = map(createMap('vat_traced', 'HASH', 4, state ?? 4, 65536, 1 /* BPF_F_NO_PREALLOC */));
      const plans = map(createMap('vat_plans', 'ARRAY', 4, PLAN.size, PLAN_ENTRIES));
      this.entries = map(createMap('vat_entries', 'HASH', 4, state ?? REC.size, big));
      this.entryData = map(
        createMap('vat_entry_data', 'HASH', 4, ENTRY_DATA, big, 1 /* BPF_F_NO_PREALLOC */),
      );
      const entryData = this.entryData;
      // one per CPU, indexed by the CPU a program runs on (a per-CPU map's value stops at 32 KiB)
      const scratch = map(createMap('vat_scratch', 'ARRAY', 4, SCRATCH_SIZE, this.cpus));
      // a ring that may grow is named through a map of maps, so that a bigger one can take its place (GrowingRing);
      // the ring itself is the GrowingRing's to close
      this.outer = grows(o) ? map(ringSlot()) : undefined;
      const direct = this.outer
        ? undefined
        : (ring?.map ?? createMap('vat_ring', 'RINGBUF', 0, 0, o.ringSize));
      if (direct && !ring) this.reader = new GrowingRing(undefined, direct, direct.maxEntries);
      this.lostMap = map(createMap('vat_lost', 'PERCPU_ARRAY', 4, 8, 4));
      this.stats = map(createMap('vat_stats', 'PERCPU_ARRAY', 4, STATS_SIZE, PLAN_ENTRIES));
      const inflight = map(createMap('vat_inflight', 'ARRAY', 4, 8, 1));
      const maps: Maps = {
        traced: this.traced,
        plans,
        entries: this.entries,
        entryData,
        scratch,
        ring: this.outer ?? (direct as BpfMap),
        lost: this.lostMap,
        stats: this.stats,
        inflight,
      };
      const make = (): Assembled => assemble(o, maps);
      // -p/launch scopes only: the other scopes name vat's own pid or a cgroup in their code
      const set =
        o.scope.kind === 'tids'
          ? cachedPrograms(
              JSON.stringify([
                o.planKey,
                o.follow,
                o.summary,
                o.fdInodes === true,
                String(o.overhead ?? 0n),
                captureLoops(o),
                grows(o),
              ]),
              Object.values(maps).map((m: MapRef) => m.fd),
              make,
            )
          : { ...make(), cached: false };
      this.cached = set.cached;
      const keys = new Uint8Array(new Uint32Array(PLAN_ENTRIES).map((_, nr) => nr).buffer);
      if (!updateBatch(plans, keys, set.plans, PLAN_ENTRIES))
        for (let nr = 0; nr < PLAN_ENTRIES; nr++)
          updateElem(plans, u32(nr), set.plans.subarray(nr * PLAN.size, (nr + 1) * PLAN.size));
      this.programs = set.programs;
      if (!ring && this.outer) {
        const first = createMap('vat_ring', 'RINGBUF', 0, 0, o.ringSize);
        try {
          updateElem(this.outer, u32(0), u32(first.fd));
        } catch (err) {
          closeFd(first.fd);
          throw err;
        }
        this.load(o, first);
      } else if (!ring && direct) this.load(o, direct);
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** Attaches the programs in order (the ring made and in its slot), loaded here unless `fds` holds them (ours). */
  private load(o: KernelOptions, ringMap: BpfMap, fds?: readonly number[]): void {
    this.reader ??= new GrowingRing(this.outer, ringMap, o.ringTarget ?? ringMap.maxEntries, o.ringNote);
    this.programs.forEach((p, i) => {
      const fd = fds?.[i] ?? this.loadOne(o, p);
      if (!fds) this.fds.push(fd);
      this.loaded.push({ name: p.name, insns: p.code.length / 8 });
      this.fds.push(p.raw ? attachRawTracepoint(p.tp, fd) : attachTracepoint(p.category, p.tp, fd));
    });
  }

  private loadOne(o: KernelOptions, p: ProgramSpec): number {
    const t0 = performance.now();
    const stats = o.verifierStats;
    return loadProgram(
      p.name,
      p.code,
      progType(p),
      stats && ((s) => stats(p.name, s, performance.now() - t0)),
    );
  }

  /** Puts a thread in scope (`value`: TRACED.yes, or TRACED.launcher before its execve). */
  trace(tid: number, value: number): void {
    const v = new Uint8Array(this.traced.valueSize); // -c: the rest is the thread's state, no call in flight
    v.set(u32(value));
    updateElem(this.traced, u32(tid), v);
  }

  /** Takes a thread out of scope: its calls from now on make no record. */
  untrace(tid: number): void {
    deleteElem(this.traced, u32(tid));
  }

  /** Every call in flight: its thread and entry state (REC.size bytes, valid during the call only). */
  inFlight(each: (tid: number, entry: DataView) => void): void {
    const ok = forEachElem(this.entries, (key, value) => each(key.getUint32(0, true), value));
    if (ok) return;
    for (const key of mapKeys(this.entries)) {
      const value = lookupElem(this.entries, key);
      if (value) each(new DataView(key.buffer).getUint32(0, true), new DataView(value.buffer));
    }
  }

  /** A call's entry state and entry captures as one record, if the call `tsEnter` is still in flight. */
  entryRecord(tid: number, tsEnter: bigint): Uint8Array | undefined {
    const key = u32(tid);
    const head = lookupElem(this.entries, key);
    if (!head) return undefined;
    const hv = new DataView(head.buffer, head.byteOffset, head.length);
    if (hv.getBigUint64(REC.tsEnter, true) !== tsEnter) return undefined;
    const dataLen = Math.min(hv.getUint32(REC.dataLen, true), ENTRY_DATA);
    const data = dataLen > 0 ? lookupElem(this.entryData, key) : undefined;
    // read again: the same call still in flight means the captures read were its own
    const again = lookupElem(this.entries, key);
    if (!again || new DataView(again.buffer).getBigUint64(REC.tsEnter, true) !== tsEnter) return undefined;
    const rec = new Uint8Array(REC.size + (data ? dataLen : 0));
    rec.set(head, 0);
    if (data) rec.set(data.subarray(0, dataLen), REC.size);
    else new DataView(rec.buffer).setUint32(REC.dataLen, 0, true);
    return rec;
  }

  /** Sum over CPUs of a per-CPU counter map's u64 at `field` of entry `key`. */
  /**
   * Every key of a per-CPU array with its `fields` (byte offsets) summed over CPUs, in one batch read per 256
   * keys (the -c table's 512 syscalls were 512 reads); per key when the kernel refuses batches.
   */
  sums(map: BpfMap, fields: readonly number[], each: (key: number, totals: bigint[]) => void): void {
    const stride = Math.ceil(map.valueSize / 8) * 8;
    const add = (key: number, v: DataView): void => {
      const totals = fields.map((f) => {
        let total = 0n;
        for (let c = 0; c < this.cpus; c++) total += v.getBigUint64(c * stride + f, true);
        return total;
      });
      each(key, totals);
    };
    const batched = forEachElem(map, (k, v) => add(k.getUint32(0, true), v), stride * this.cpus);
    if (batched) return;
    for (let key = 0; key < map.maxEntries; key++) {
      const all = lookupElem(map, u32(key), stride * this.cpus);
      if (all) add(key, new DataView(all.buffer, all.byteOffset, all.length));
    }
  }

  sum(map: BpfMap, key: number, field = 0): bigint {
    const stride = Math.ceil(map.valueSize / 8) * 8;
    const all = lookupElem(map, u32(key), stride * this.cpus);
    if (!all) return 0n;
    const v = new DataView(all.buffer, all.byteOffset, all.length);
    let total = 0n;
    for (let c = 0; c < this.cpus; c++) total += v.getBigUint64(c * stride + field, true);
    return total;
  }

  close(): void {
    // detach first (the perf events), then the programs and maps
    for (const fd of this.fds.reverse()) closeFd(fd);
    this.fds.length = 0;
    this.closeRest();
  }

  /**
   * The same release, with every attachment's fd closed at once on libuv's threads: each detach waits for an
   * RCU grace period (40-70 ms apiece here), and concurrent detaches share one instead of queueing.
   */
  async release(): Promise<void> {
    await this.detach();
    this.closeRest();
  }

  /** Detaches the programs (no record is written after it) and keeps the ring and maps to be read. */
  async detach(): Promise<void> {
    const fds = this.fds.splice(0).reverse();
    await Promise.all(fds.map((fd) => new Promise<void>((done) => fsClose(fd, () => done()))));
  }

  private closeRest(): void {
    this.pending?.close();
    this.pending = undefined;
    this.reader?.close();
    for (const m of this.maps) closeFd(m.fd);
    this.maps.length = 0;
  }
}

import { attachTracepoint, tracepointHasField } from './tracepoint.js';
