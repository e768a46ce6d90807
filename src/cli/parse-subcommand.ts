// Argument parsing for subcommands (`vat syscalls --arch i386 openat`): node's parseArgs, with errors as UsageError.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseSubcommand<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(`${command}: ${msg}`);
  }
}

/** Prints lines to stdout in one write (commands produce small outputs; traces use their own sinks). */
export function printLines(lines: readonly string[]): void {
  process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
}

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
