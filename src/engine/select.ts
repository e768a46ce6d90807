// --engine ptrace|ebpf|auto: which engine can run this trace, and why (said with -v). eBPF never stops the
// command, so anything that needs a stop (tampering, detaching after N calls, sandboxes) stays with ptrace.
import { UsageError, VatError } from '../errors.js';
import { procFile, procPath } from '../sys/procfs.js';
import { closeFd, createMap } from './ebpf/loader.js';
import { isElf32 } from './elf-class.js';
import type { TraceConfig } from './engine.js';

export const ENGINE_CHOICES = ['ptrace', 'ebpf', 'auto'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

/** What the eBPF engine cannot do for this config, each with its reason (empty: it can do everything). */
export function ebpfBlockers(config: TraceConfig): string[] {
  const out: string[] = [];
  if (config.sandbox) out.push('a sandbox needs a seccomp filter installed in a stopped command');
  if (config.inject && config.inject.length > 0)
    out.push('-e inject=/fault= tamper with calls; eBPF only watches them');
  if (config.stackTraces) out.push('-k reads the stack of a stopped thread');
  if (config.syscallLimit !== undefined) out.push('--syscall-limit detaches from a stopped command');
  if (config.killOnExit) out.push('--kill-on-exit belongs to ptrace (PTRACE_O_EXITKILL)');
  if (config.user) out.push('-u switches the user of a command stopped at its exec');
  if (config.detachOnExec) out.push('-b execve detaches from a stopped command');
  if (config.instructionPointer) out.push("-i reads a stopped thread's instruction pointer");
  if (config.daemonOf !== undefined) out.push('-D traces a process that execs under ptrace');
  if (config.commandEnv || config.argv0 !== undefined)
    out.push("-E and --argv0 rewrite a stopped launcher's execve");
  const d = config.decode;
  if (d.constStyle || d.rawCalls || d.abbrevCalls || d.verboseCalls)
    out.push('-X and -e raw=/abbrev=/verbose= are applied by the ptrace decoder');
  // not built in the eBPF engine yet: the ptrace decoder reads these from /proc while the call is stopped
  if (d.decodePids) out.push('-Y/--decode-pids=comm: command names are not read by the eBPF engine yet');
  if (d.pidns) out.push('--decode-pids=pidns: pid namespaces are not translated by the eBPF engine yet');
  if (d.fdDetails?.includes('pidfd'))
    out.push('-e decode-fds=pidfd: pidfds are not named by the eBPF engine yet');
  // the selector names a call's fds at print time, which for eBPF comes after the calls that changed them
  if (d.pathTrace) out.push('-P and -e trace-fds=: fds are not followed for them by the eBPF engine yet');
  if (d.kvmVcpu)
    out.push("-e kvm=vcpu reads the exit reason from the vcpu's kvm_run, mapped in the stopped command");
  if (config.decode.dumpRead || config.decode.dumpWrite)
    out.push('-e read=/write= dump whole buffers; eBPF captures at most 4096 bytes per buffer');
  // the only file reads here: a 32-bit program's calls are i386's, which the eBPF engine would show as x86_64's
  if (config.commandPath !== undefined && isElf32(config.commandPath))
    out.push('a 32-bit command: the eBPF engine decodes x86_64 calls only');
  const attached32 = config.attach.find((pid) => isElf32(procPath(pid, 'exe')));
  if (attached32 !== undefined)
    out.push(`-p ${attached32} runs a 32-bit program: the eBPF engine decodes x86_64 calls only`);
  return out;
}

/** Why eBPF is not available here, or undefined when it is (root or CAP_BPF+CAP_PERFMON, ring buffers). */
export function ebpfUnavailable(): string | undefined {
  if (process.geteuid?.() !== 0) {
    const m = /CapEff:\s*([0-9a-f]+)/.exec(procFile('self', 'status') ?? '');
    const caps = BigInt(`0x${m?.[1] ?? '0'}`);
    const has = (bit: number): boolean => (caps & (1n << BigInt(bit))) !== 0n;
    if (!has(21) && !(has(38) && has(39))) return 'not root (eBPF needs CAP_BPF and CAP_PERFMON)';
  }
  try {
    const m = createMap('vat_probe', 'RINGBUF', 0, 0, 4096);
    closeFd(m.fd);
  } catch (err) {
    return err instanceof VatError ? err.message : String(err);
  }
  return undefined;
}

export interface Selection {
  readonly engine: 'ptrace' | 'ebpf';
  readonly why: string;
}

/** Picks the engine; throws a usage error when the one asked for cannot run this trace. */
export function selectEngine(choice: EngineChoice, config: TraceConfig): Selection {
  const scoped = config.systemWide || config.cgroup !== undefined;
  if (choice === 'ptrace') {
    if (scoped) throw new UsageError('--system-wide and --cgroup need --engine ebpf');
    return { engine: 'ptrace', why: 'asked for' };
  }
  const blockers = ebpfBlockers(config);
  if (choice === 'ebpf') {
    if (blockers.length > 0) throw new UsageError(`--engine ebpf: ${blockers[0]}; use --engine ptrace`);
    return { engine: 'ebpf', why: 'asked for' };
  }
  const unavailable = ebpfUnavailable();
  if (scoped) {
    if (unavailable) throw new UsageError(`--system-wide/--cgroup need eBPF: ${unavailable}`);
    return { engine: 'ebpf', why: 'system-wide and cgroup scopes need eBPF' };
  }
  if (unavailable) return { engine: 'ptrace', why: `eBPF unavailable: ${unavailable}` };
  if (blockers.length > 0) return { engine: 'ptrace', why: blockers[0] as string };
  return { engine: 'ebpf', why: 'permitted, and every option asked for works without stops' };
}

/** --ring-size: bytes, with K/M/G suffixes; a power of two of at least a page. */
export function parseRingSize(text: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(text);
  const unit = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[(m?.[2] ?? '').toLowerCase()] ?? 1;
  const n = m ? Number(m[1]) * unit : Number.NaN;
  if (!Number.isInteger(n) || n < 4096 || n > 2 ** 30 || !Number.isInteger(Math.log2(n)))
    throw new UsageError(`invalid --ring-size argument: '${text}' (a power of two from 4K to 1G)`);
  return n;
}
