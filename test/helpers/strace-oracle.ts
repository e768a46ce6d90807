// strace as the oracle: the same fixture traced by both with the same options, in the same directory, each
// trace normalized where two runs legitimately differ (pids, addresses, times).
import assert from 'node:assert/strict';
import {
  type SpawnSyncOptionsWithStringEncoding,
  type SpawnSyncReturns,
  spawnSync,
} from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, scratch } from './fixtures.js';

/** Whether strace (the oracle) is installed: tests comparing with it skip without it. */
export const hasStrace = spawnSync('strace', ['-V']).status === 0;

/** The engines a decoder's test compares with strace: eBPF's reader decodes after the calls ran, from copies. */
export const ENGINES = ['ptrace', 'ebpf'] as const;

/** The styles of `styles` an engine prints: eBPF refuses -X (auto hands it to ptrace), so its runs use the others. */
export const stylesOf = (
  engine: (typeof ENGINES)[number],
  styles: readonly (readonly string[])[],
): readonly (readonly string[])[] => (engine === 'ebpf' ? styles.filter((s) => !s.includes('-X')) : styles);

/** Runs vat (the built CLI) or strace, the oracle, with the same arguments and options. */
export function runTracer(
  tracer: 'strace' | 'vat',
  argv: readonly string[],
  options: Partial<SpawnSyncOptionsWithStringEncoding> = {},
): SpawnSyncReturns<string> {
  const opts = { encoding: 'utf8', ...options } as const;
  return tracer === 'vat'
    ? spawnSync(process.execPath, [CLI, ...argv], opts)
    : spawnSync('strace', argv, opts);
}

export interface Traced {
  readonly trace: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `tracer` (vat or strace, the oracle) with `options -o FILE -- command` and returns what it wrote. With
 * `dir`, runs there and `@DIR@` in options and command becomes `dir`.
 */
export function traceWith(
  tracer: 'strace' | 'vat',
  options: readonly string[],
  command: readonly string[],
  dir?: string,
  timeout = 120_000,
): Traced {
  const own = scratch();
  const out = join(own, 'trace.txt');
  const fill = (a: string): string => (dir === undefined ? a : a.replaceAll('@DIR@', dir));
  const argv = [...options.map(fill), '-o', out, '--', ...command.map(fill)];
  const r = runTracer(tracer, argv, { timeout, ...(dir === undefined ? {} : { cwd: dir }) });
  let trace = '';
  try {
    trace = readFileSync(out, 'utf8');
  } catch {}
  rmSync(own, { recursive: true, force: true });
  return { trace, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * What differs between two runs of one program: pids (line prefixes, and where calls take or return them)
 * become PID, addresses ADDR, times T; `rt_sigreturn`'s argument is decoded elsewhere and left out.
 */
export function normalize(trace: string): string {
  return trace
    .replace(/^\d+ +/gm, 'PID ')
    .replace(/^\[pid +\d+\] /gm, '[pid PID] ')
    .replace(/\b((?:wait4|kill|tgkill|tkill)\()\d+/g, '$1PID')
    .replace(
      /^((?:PID )?(?:(?:[a-z_]*pid|gettid|set_tid_address|v?fork|clone3?|wait4)\(|<\.\.\. (?:v?fork|clone3?|wait4) resumed>).*\) += )\d+/gm,
      '$1PID',
    )
    .replace(/(\[\{WIF[^\]]*\}\].*\) += )\d+$/gm, '$1PID')
    .replace(/\b(si_pid|si_uid)=\d+/g, '$1=ID')
    .replace(/(superseded by execve in pid |Process (?:PID=)?)\d+/g, '$1PID')
    .replace(/0x[0-9a-f]{6,}/g, 'ADDR')
    .replace(/ <\d+\.\d+>$/gm, ' <T>')
    .replace(/^((?:PID )?)rt_sigreturn\(.*\) += /gm, '$1rt_sigreturn() = ')
    .replace(/^((?:PID )?)(getrandom\(")[^"]*"/gm, '$1$2RANDOM"')
    .replace(/ +=/g, ' =');
}

/** stderr without the tracer's name, for comparing messages. */
export const messages = (stderr: string): string => stderr.replace(/^(strace|vat): /gm, 'TRACER: ');

/** A fixture's user-space addresses (heap 0x5…, mappings and stack 0x7f…, 12 hex digits) become ADDR. */
export const maskAddresses = (trace: string): string =>
  trace.replace(/0x7f[0-9a-f]{10}|0x5[0-9a-f]{11}/g, 'ADDR');

/**
 * Traces `command` with vat and with strace under the same options and asserts the two traces are equal once
 * `mask` has run on both; returns vat's trace for the test's own checks.
 */
export function assertSameAsStrace(
  options: readonly string[],
  command: readonly string[],
  mask: (trace: string) => string = maskAddresses,
): string {
  const vat = traceWith('vat', options, command).trace;
  assert.equal(mask(vat), mask(traceWith('strace', options, command).trace));
  return vat;
}
