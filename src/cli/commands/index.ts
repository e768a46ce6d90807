// The subcommand registry: `vat NAME ...` runs NAME's handler; anything else is a command to trace.
import { adviseCommand } from './advise.js';
import { compareCommand } from './compare.js';
import { convertCommand } from './convert.js';
import { errnoCommand } from './errno.js';
import { filesCommand } from './files.js';
import { importCommand } from './import.js';
import { profileCommand } from './profile.js';
import { reportCommand } from './report.js';
import { sandboxCommand } from './sandbox.js';
import { seccompCommand } from './seccomp.js';
import { signalsCommand } from './signals.js';
import { stuckCommand } from './stuck.js';
import { summaryCommand } from './summary.js';
import { syscallsCommand } from './syscalls.js';
import { whyCommand } from './why.js';

export const COMMANDS = {
  syscalls: { run: syscallsCommand, summary: 'syscall numbers, signatures and classes per architecture' },
  errno: { run: errnoCommand, summary: 'errno names, numbers and messages' },
  signals: { run: signalsCommand, summary: 'signal names and numbers' },
  import: { run: importCommand, summary: 'an strace log into vat JSON Lines events' },
  convert: { run: convertCommand, summary: 'a trace into Perfetto JSON, JSON Lines or strace text' },
  summary: { run: summaryCommand, summary: "strace -c's table from a JSON Lines trace or strace log" },
  profile: { run: profileCommand, summary: 'record, merge and check behaviour profiles (learn -> log)' },
  seccomp: { run: seccompCommand, summary: 'a profile as Docker/OCI/systemd seccomp policy or BPF' },
  sandbox: { run: sandboxCommand, summary: 'run a command under a seccomp filter built from its profile' },
  files: { run: filesCommand, summary: 'every path a run touched, how, and the search paths behind them' },
  why: { run: whyCommand, summary: 'why a program exited: status, last failures, stderr, a ranked guess' },
  stuck: { run: stuckCommand, summary: 'what a running process is blocked in: waiting or spinning' },
  advise: { run: adviseCommand, summary: 'where syscall overhead costs time, with what to do about it' },
  compare: { run: compareCommand, summary: 'what changed between two runs: syscalls, files, errors' },
  report: { run: reportCommand, summary: 'a trace as one self-contained HTML report to open and share' },
} as const satisfies Record<string, { run: (argv: string[]) => number | Promise<number>; summary: string }>;
export type CommandName = keyof typeof COMMANDS;

export const isCommand = (name: string | undefined): name is CommandName =>
  name !== undefined && name in COMMANDS;
