// The subcommand registry: `vat NAME ...` runs NAME's handler; anything else is a command to trace.
import { convertCommand } from './convert.js';
import { errnoCommand } from './errno.js';
import { importCommand } from './import.js';
import { profileCommand } from './profile.js';
import { sandboxCommand } from './sandbox.js';
import { seccompCommand } from './seccomp.js';
import { signalsCommand } from './signals.js';
import { summaryCommand } from './summary.js';
import { syscallsCommand } from './syscalls.js';

export const COMMANDS = {
  syscalls: { run: syscallsCommand, summary: 'syscall numbers, signatures and classes per architecture' },
  errno: { run: errnoCommand, summary: 'errno names, numbers and messages' },
  signals: { run: signalsCommand, summary: 'signal names and numbers' },
  import: { run: importCommand, summary: 'an strace log into vat JSON Lines events' },
  convert: { run: convertCommand, summary: 'a trace into Perfetto JSON, JSON Lines or strace text' },
  summary: { run: summaryCommand, summary: "strace -c's table from a JSON Lines trace or strace log" },
  seccomp: { run: seccompCommand, summary: 'a profile as Docker/OCI/systemd seccomp policy or BPF' },
  sandbox: { run: sandboxCommand, summary: 'run a command under a seccomp filter built from its profile' },
} as const satisfies Record<string, { run: (argv: string[]) => number | Promise<number>; summary: string }>;
export type CommandName = keyof typeof COMMANDS;

export const isCommand = (name: string | undefined): name is CommandName =>
  name !== undefined && name in COMMANDS;
