// What the trace command's options are checked against outside vat: the files, users and machine. A port, so
// that building a trace's config (trace-config.ts) is a pure function of the options and these answers.
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import type { RunAs } from '../engine/engine.js';
import { resolveCommand } from '../engine/ptrace/launch.js';
import { stackTracesUnavailable } from '../engine/ptrace/stack/index.js';
import { checkOutputPath } from '../sink/output-check.js';
import { selinuxEnabled } from '../sys/selinux.js';
import { PROG } from '../util/prog-name.js';
import { daemonRole } from './daemonize.js';
import { findUser } from './user-lookup.js';

export interface TraceEnv {
  /** vat's own pid: strace refuses to trace itself. */
  readonly pid: number;
  /** The executable a command name runs (a PATH lookup); throws strace's `Can't stat` error. */
  commandPath(name: string): string;
  /** Throws strace's `Can't fopen` when PATH cannot be written (-ff: PATH.PID files in its directory). */
  checkOutput(path: string, perProcess: boolean): void;
  /** A -P path's realpath; undefined when it does not resolve. */
  realpath(path: string): string | undefined;
  /** -u's user from the passwd and group files; undefined when there is none. */
  user(name: string): RunAs | undefined;
  /** SELinux is on: --secontext has contexts to read. */
  selinuxEnabled(): boolean;
  /** Why -k cannot unwind here (its library is missing); undefined when it can. */
  stackTracesUnavailable(): string | undefined;
  /** In the detached tracer -D started: the command's pid and the -D level (asked once). */
  daemonRole(): { readonly pid: number; readonly level: number } | undefined;
  /** vat was started under the name `strace` (a link standing in for it): ptrace stays its default engine. */
  readonly standsInForStrace: boolean;
}

/** This machine, as vat runs on it. */
export function systemTraceEnv(): TraceEnv {
  return {
    pid: process.pid,
    commandPath: (name) => resolveCommand(name),
    checkOutput: (path, perProcess) => checkOutputPath(path, perProcess),
    realpath: (path) => {
      try {
        return realpathSync.native(path);
      } catch {
        return undefined;
      }
    },
    user: findUser,
    selinuxEnabled,
    stackTracesUnavailable,
    daemonRole,
    standsInForStrace: basename(PROG) === 'strace',
  };
}
