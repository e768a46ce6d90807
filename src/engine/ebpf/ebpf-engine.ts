// The eBPF engine: programs on the syscall and scheduler tracepoints record each call of the traced threads
// into a ring buffer; this thread decodes the records with the same decoders and writes the same outputs.
// Nothing ever stops: the tracee runs at full speed and cannot be tampered with.
import { readdirSync, statSync } from 'node:fs';
import { VatError } from '../../errors.js';
import type { TraceEvent } from '../../model/events.js';
import { allocNative, lastErrno, libc } from '../../sys/libc.js';
import { syscallByName, syscallName } from '../../tables/syscalls.js';
import type { Engine, EventSink, TraceConfig, TraceOutcome } from '../engine.js';
import { originalEnvironment, spawnLauncher } from '../ptrace/launch.js';
import * as W from '../ptrace/wait-status.js';
import { KernelObjects } from './kernel-objects.js';
import { TRACED } from './layout.js';
import { Outputs } from './outputs.js';
import { buildPlans } from './plans.js';
import type { Scope } from './programs.js';
import { LOST } from './programs.js';
import { RecordDecoder } from './records.js';

/** Default ring: 64 MiB holds ~600 k records while the reader catches up (no loss on the bench storms). */
export const DEFAULT_RING_SIZE = 64 << 20;

/** The launcher stops itself, then execs the command with exactly its argv and vat's environment. */
const PERL_LAUNCHER = ['/usr/bin/perl', '-e', 'kill "STOP", $$; exec { shift @ARGV } @ARGV or exit 127;'];
const WUNTRACED = 2;
const WNOHANG = 1;
const SIGCONT = 18;
const SIGKILL = 9;
const BATCH = 4096;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** cgroup v2 id of a directory: its inode number (what bpf_get_current_cgroup_id returns). */
export function cgroupId(path: string): bigint {
  try {
    const st = statSync(path, { bigint: true });
    if (!st.isDirectory()) throw new Error('not a directory');
    return st.ino;
  } catch {
    throw new VatError(`--cgroup: cannot use '${path}': not a cgroup v2 directory`, 'EUSAGE', 2);
  }
}

export class EbpfEngine implements Engine {
  readonly name = 'ebpf';
  private stopRequested = false;
  /** -v notes (which programs were loaded, how big). */
  readonly notes: string[] = [];

  stop(): void {
    this.stopRequested = true;
  }

  async run(config: TraceConfig, sink?: EventSink): Promise<TraceOutcome> {
    const outputs = new Outputs(config);
    const inKernelSummary = outputs.summaryOnly && sink === undefined;
    let batch: TraceEvent[] = [];
    const out = {
      emit(e: TraceEvent): void {
        outputs.add(e, !inKernelSummary);
        if (sink) batch.push(e);
      },
    };
    const flush = (): void => {
      outputs.flush();
      if (sink && batch.length > 0) {
        sink(batch);
        batch = [];
      }
    };
    const scope: Scope = config.systemWide
      ? { kind: 'all', self: process.pid }
      : config.cgroup !== undefined
        ? { kind: 'cgroup', id: cgroupId(config.cgroup), self: process.pid }
        : { kind: 'tids' };
    const traced = config.traceSet
      ? new Set(config.traceSet.flatMap((n) => syscallByName('x86_64', n)?.nr ?? []))
      : undefined;
    const plans = buildPlans({ decode: config.decode }, traced);
    const k = new KernelObjects({
      scope,
      follow: config.followForks,
      summary: inKernelSummary,
      ringSize: config.ringSize ?? DEFAULT_RING_SIZE,
      plans,
    });
    for (const p of k.loaded) this.notes.push(`${p.name}: ${p.insns} instructions`);
    const decoder = new RecordDecoder(config, out);
    const drain = (): number => {
      let total = 0;
      for (;;) {
        const n = k.ring.drain((off, len) => decoder.handle(k.ring.data, k.ring.bytes, off, len), BATCH);
        total += n;
        flush();
        if (n < BATCH) return total;
      }
    };
    let outcome: TraceOutcome = { status: 0 };
    const status = allocNative(8);
    let mainPid = 0;
    const attached = new Set<number>();
    try {
      if (scope.kind === 'tids')
        for (const pid of config.attach) {
          let tids: number[];
          try {
            tids = config.followForks ? readdirSync(`/proc/${pid}/task`).map(Number) : [pid];
            statSync(`/proc/${pid}`);
          } catch {
            throw new VatError(`attach: No such process: ${pid}`, 'ESRCH');
          }
          for (const tid of tids) {
            k.trace(tid, TRACED.yes);
            attached.add(tid);
          }
          out.emit({
            type: 'attach',
            pid,
            ts: BigInt(Date.now()) * 1_000_000n,
            ...(tids.length > 1 ? { threads: tids } : {}),
          });
        }
      if (config.command.length > 0) {
        const path = config.commandPath ?? config.command[0] ?? '';
        mainPid = spawnLauncher(path, originalEnvironment(), config.launchState ?? { fds: [] }, [
          ...PERL_LAUNCHER,
          path,
          ...config.command,
        ]);
        if (libc.waitpid(mainPid, status.address, WUNTRACED) !== mainPid)
          throw new VatError('launcher vanished', 'ESPAWN');
        if (scope.kind === 'tids') k.trace(mainPid, TRACED.launcher);
        decoder.waited.add(mainPid);
        libc.kill(mainPid, SIGCONT);
      }
      let mainDone = mainPid === 0;
      let polls = 0;
      for (;;) {
        const n = drain();
        if (this.stopRequested) break;
        if (!mainDone) {
          const got = libc.waitpid(mainPid, status.address, WNOHANG);
          if (got === mainPid) {
            const s = status.view.getInt32(0, true);
            if (W.stopped(s)) {
              // the command stopped itself (job control): it stays stopped, as without vat
            } else {
              mainDone = true;
              drain();
              const ts = BigInt(Date.now()) * 1_000_000n;
              if (W.exited(s)) {
                outcome = { status: W.exitCode(s) };
                out.emit({ type: 'exited', pid: mainPid, ts, code: W.exitCode(s) });
              } else {
                outcome = { status: 128 + W.termSig(s), killedBy: W.termSig(s) };
                out.emit({ type: 'exited', pid: mainPid, ts, signo: W.termSig(s), core: W.coreDumped(s) });
              }
              flush();
            }
          } else if (got < 0 && lastErrno() !== 4) mainDone = true;
        }
        if (scope.kind === 'tids') {
          for (const tid of attached) if (!alive(tid)) attached.delete(tid);
          if (config.followForks && ++polls % 50 === 0)
            for (const tid of decoder.live) if (!alive(tid)) decoder.live.delete(tid); // an exit we missed
          const followed = config.followForks && decoder.live.size > 0;
          if (mainDone && attached.size === 0 && !followed) break;
        } else if (mainPid !== 0 && mainDone) break;
        if (n === 0) await sleep(2);
        else await new Promise((r) => setImmediate(r));
      }
      drain();
      decoder.finish();
      const lost = k.sum(k.lostMap, LOST.ring) + k.sum(k.lostMap, LOST.entries);
      if (inKernelSummary) this.kernelSummary(k, outputs);
      if (lost > 0n) {
        process.stderr.write(`vat: ${lost} events lost (ring buffer full); use --ring-size\n`);
        out.emit({ type: 'lost', pid: 0, ts: BigInt(Date.now()) * 1_000_000n, count: Number(lost) });
      }
      flush();
      outputs.close();
      return outcome;
    } catch (err) {
      if (mainPid !== 0 && outcome.status === 0) libc.kill(mainPid, SIGKILL);
      throw err;
    } finally {
      k.close();
    }
  }

  /** -c counted in the kernel: per-syscall totals summed over CPUs into the summary table. */
  private kernelSummary(k: KernelObjects, summary: Outputs): void {
    for (let nr = 0; nr < 512; nr++) {
      const calls = k.sum(k.stats, nr, 0);
      if (calls === 0n) continue;
      summary.addTotals({
        name: syscallName('x86_64', nr),
        nr,
        calls: Number(calls),
        errors: Number(k.sum(k.stats, nr, 8)),
        total: k.sum(k.stats, nr, 16),
      });
    }
  }
}

function alive(tid: number): boolean {
  try {
    statSync(`/proc/${tid}`);
    return true;
  } catch {
    return false;
  }
}
