// Runs the built CLI the way a user does (a separate process), capturing output and exit status.
import { spawnSync } from 'node:child_process';
import { CLI } from './fixtures.js';

export interface VatRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runVat(
  args: readonly string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; timeout?: number; cwd?: string } = {},
): VatRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    env: opts.env ?? process.env,
    timeout: opts.timeout ?? 60_000,
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
