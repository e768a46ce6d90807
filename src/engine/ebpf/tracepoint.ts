// Attaches a program to a tracepoint: its id from tracefs, one perf event on CPU 0 (it fires on every CPU),
// PERF_EVENT_IOC_SET_BPF. The perf fd owns the attachment: closing it (or vat dying) detaches.
import { existsSync, readFileSync } from 'node:fs';
import { VatError } from '../../errors.js';
import { bpfLibc } from '../../sys/bpf.js';
import { allocNative, lastErrno } from '../../sys/libc.js';
import { errnoByValue } from '../../tables/errnos.js';
import { PERF } from './bpf-consts.js';
import { permissionHint } from './loader.js';

const TRACEFS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];

/** The tracefs directory, mounted at its usual place when nothing is mounted there (vat is root here). */
function tracefs(): string {
  for (const dir of TRACEFS) if (existsSync(`${dir}/events`)) return dir;
  const dir = TRACEFS[0] as string;
  if (bpfLibc.mount('nodev', dir, 'tracefs', 0, 0) === 0 && existsSync(`${dir}/events`)) return dir;
  throw new VatError('eBPF: tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)', 'EBPF');
}

export function tracepointId(category: string, name: string): number {
  const path = `${tracefs()}/events/${category}/${name}/id`;
  try {
    return Number(readFileSync(path, 'utf8').trim());
  } catch {
    throw new VatError(`eBPF: tracepoint ${category}:${name} not found (${path})`, 'EBPF');
  }
}

/**
 * Whether the tracepoint's record has `field` (its format file): a field and the raw tracepoint's argument of the
 * same name came in one change (sched_process_exit's group_dead). False when the format cannot be read.
 */
export function tracepointHasField(category: string, name: string, field: string): boolean {
  try {
    const format = readFileSync(`${tracefs()}/events/${category}/${name}/format`, 'utf8');
    return new RegExp(`\\bfield:[^;]*\\b${field};`).test(format);
  } catch {
    return false;
  }
}

const PERF_ATTR_SIZE = 112; // PERF_ATTR_SIZE_VER5

/** Attaches `progFd` to the tracepoint; returns the perf event fd that holds the attachment. */
export function attachTracepoint(category: string, name: string, progFd: number): number {
  const attr = allocNative(PERF_ATTR_SIZE);
  const v = attr.view;
  v.setUint32(0, PERF.TYPE_TRACEPOINT, true);
  v.setUint32(4, PERF_ATTR_SIZE, true);
  v.setBigUint64(8, BigInt(tracepointId(category, name)), true);
  v.setBigUint64(16, 1n, true); // sample_period
  v.setUint32(48, 1, true); // wakeup_events
  const fd = bpfLibc.perfEventOpen(attr.address, -1, 0, -1, PERF.FLAG_FD_CLOEXEC);
  const fail = (what: string): VatError => {
    const e = lastErrno();
    return new VatError(
      `eBPF: ${what} ${category}:${name}: ${errnoByValue(e)?.message ?? e}${permissionHint(e)}`,
      'EBPF',
    );
  };
  if (fd < 0) throw fail('perf_event_open');
  if (bpfLibc.ioctl(fd, PERF.IOC_SET_BPF, progFd) < 0 || bpfLibc.ioctl(fd, PERF.IOC_ENABLE, 0) < 0) {
    const err = fail('attach to');
    bpfLibc.close(fd);
    throw err;
  }
  return fd;
}
