// The subcommand registry: `vat NAME ...` runs NAME's handler; anything else is a command to trace.
import { errnoCommand } from './errno.js';
import { signalsCommand } from './signals.js';
import { syscallsCommand } from './syscalls.js';

export const COMMANDS = {
  syscalls: { run: syscallsCommand, summary: 'syscall numbers, signatures and classes per architecture' },
  errno: { run: errnoCommand, summary: 'errno names, numbers and messages' },
  signals: { run: signalsCommand, summary: 'signal names and numbers' },
} as const satisfies Record<string, { run: (argv: string[]) => number | Promise<number>; summary: string }>;
export type CommandName = keyof typeof COMMANDS;

export const isCommand = (name: string | undefined): name is CommandName =>
  name !== undefined && name in COMMANDS;
