// The subcommand registry: `vat NAME ...` runs NAME's handler; anything else is a command to trace. Each
// handler is imported when its command runs: a trace loads none of the tools' code (start-up time).
import type { CommandName } from './names.js';

export type { CommandName } from './names.js';

export const COMMANDS = {
  syscalls: {
    run: async (argv) => (await import('./syscalls.js')).syscallsCommand(argv),
    summary: 'syscall numbers, signatures and classes per architecture',
  },
  errno: {
    run: async (argv) => (await import('./errno.js')).errnoCommand(argv),
    summary: 'errno names, numbers and messages',
  },
  signals: {
    run: async (argv) => (await import('./signals.js')).signalsCommand(argv),
    summary: 'signal names and numbers',
  },
  import: {
    run: async (argv) => (await import('./import.js')).importCommand(argv),
    summary: 'an strace log into vat JSON Lines events',
  },
  convert: {
    run: async (argv) => (await import('./convert.js')).convertCommand(argv),
    summary: 'a trace into Perfetto JSON, JSON Lines or strace text',
  },
  summary: {
    run: async (argv) => (await import('./summary.js')).summaryCommand(argv),
    summary: "strace -c's table from a JSON Lines trace or strace log",
  },
  profile: {
    run: async (argv) => (await import('./profile.js')).profileCommand(argv),
    summary: 'record, merge and check behaviour profiles (learn -> log)',
  },
  seccomp: {
    run: async (argv) => (await import('./seccomp.js')).seccompCommand(argv),
    summary: 'a profile as Docker/OCI/systemd seccomp policy or BPF',
  },
  sandbox: {
    run: async (argv) => (await import('./sandbox.js')).sandboxCommand(argv),
    summary: 'run a command under a seccomp filter built from its profile',
  },
  files: {
    run: async (argv) => (await import('./files.js')).filesCommand(argv),
    summary: 'every path a run touched, how, and the search paths behind them',
  },
  why: {
    run: async (argv) => (await import('./why.js')).whyCommand(argv),
    summary: 'why a program exited: status, last failures, stderr, a ranked guess',
  },
  stuck: {
    run: async (argv) => (await import('./stuck.js')).stuckCommand(argv),
    summary: 'what a running process is blocked in: waiting or spinning',
  },
  advise: {
    run: async (argv) => (await import('./advise.js')).adviseCommand(argv),
    summary: 'where syscall overhead costs time, with what to do about it',
  },
  compare: {
    run: async (argv) => (await import('./compare.js')).compareCommand(argv),
    summary: 'what changed between two runs: syscalls, files, errors',
  },
  report: {
    run: async (argv) => (await import('./report.js')).reportCommand(argv),
    summary: 'a trace as one self-contained HTML report to open and share',
  },
} as const satisfies Record<CommandName, { run: (argv: string[]) => Promise<number>; summary: string }>;

export const isCommand = (name: string | undefined): name is CommandName =>
  name !== undefined && name in COMMANDS;
