// Runs test/fixtures/bpf-load.c: the real kernel loads a compiled filter in a child process and makes
// the given calls; this parses its report.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeProgram, type Insn } from '../../src/bpf/index.js';
import { errnoByName } from '../../src/tables/errnos.js';
import { signalByName } from '../../src/tables/signals.js';
import { type Arch, syscallByName } from '../../src/tables/syscalls.js';
import { fixture, scratch } from './fixtures.js';

export type CallOutcome =
  | { readonly kind: 'ret'; readonly value: number }
  | { readonly kind: 'err'; readonly errno: number }
  | { readonly kind: 'died' }
  | { readonly kind: 'not reached' };

export interface LoadReport {
  readonly loaded: boolean;
  readonly loadErrno?: number;
  readonly calls: CallOutcome[];
  /** PTRACE_EVENT_SECCOMP stops (with --trace): the call they happened in, and the filter's data. */
  readonly traces: { readonly call: number; readonly data: number }[];
  readonly exit?: number;
  readonly signal?: number;
}

export const errno = (name: string): number => {
  const info = errnoByName(name);
  assert.ok(info, name);
  return info.value;
};
export const SIGSYS = signalByName('SIGSYS')?.value;

export const nrOf = (arch: Arch, name: string): number => {
  const info = syscallByName(arch, name);
  assert.ok(info, `${arch} ${name}`);
  return info.nr;
};

/** Call specs for the fixture: native, the same number through x32, and an i386 number via int $0x80. */
export const native = (nr: number, ...args: (number | bigint | string)[]): string =>
  [`64:${nr}`, ...args].join(':');
export const x32 = (nr: number): string => `x32:${nr}`;
export const i386 = (nr: number, ...args: number[]): string => [`32:${nr}`, ...args].join(':');

export function loadAndCall(
  program: readonly Insn[],
  calls: readonly string[],
  opts: { probe?: number; trace?: boolean } = {},
): LoadReport {
  const file = join(scratch(), 'filter.bpf');
  writeFileSync(file, encodeProgram(program));
  const args = [
    ...(opts.probe !== undefined ? ['--probe', String(opts.probe)] : []),
    ...(opts.trace ? ['--trace'] : []),
    file,
    ...calls,
  ];
  const out = execFileSync(fixture('bpf-load'), args, { encoding: 'utf8', timeout: 60_000 });
  return parseReport(out, calls.length);
}

function parseReport(out: string, count: number): LoadReport {
  const calls: CallOutcome[] = Array.from({ length: count }, () => ({ kind: 'not reached' }));
  const traces: { call: number; data: number }[] = [];
  let loaded = false;
  let loadErrno: number | undefined;
  let exit: number | undefined;
  let signal: number | undefined;
  for (const line of out.trim().split('\n')) {
    const words = line.split(' ');
    const n = (i: number): number => Number(words[i]);
    if (line === 'load ok') loaded = true;
    else if (words[0] === 'load') loadErrno = n(2);
    else if (words[0] === 'call' && words[3] === 'ret') calls[n(1)] = { kind: 'ret', value: n(4) };
    else if (words[0] === 'call' && words[3] === 'err') calls[n(1)] = { kind: 'err', errno: n(4) };
    else if (words[0] === 'call' && words[3] === 'died') calls[n(1)] = { kind: 'died' };
    else if (words[0] === 'trace') traces.push({ call: n(1), data: n(2) });
    else if (words[0] === 'exit') exit = n(1);
    else if (words[0] === 'signal') signal = n(1);
    else assert.fail(`unexpected fixture output: ${line}`);
  }
  return {
    loaded,
    ...(loadErrno !== undefined ? { loadErrno } : {}),
    calls,
    traces,
    exit,
    signal,
  } as LoadReport;
}

/** gcc and a kernel with seccomp filters; the tests skip when either is missing. */
export function kernelCanFilter(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return readFileSync('/proc/sys/kernel/seccomp/actions_avail', 'utf8').includes('trace');
  } catch {
    return false;
  }
}
