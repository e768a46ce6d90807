// Argument parsing for subcommands (`vat syscalls --arch i386 openat`): node's parseArgs, with errors as UsageError.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { quoteText } from '../model/quote.js';
import { applyColor } from '../util/color.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseSubcommand<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(`${command}: ${msg}`);
  }
}

/** A line for people: tracee text in it quoted (no raw ESC, CR or LF reaches the terminal), then coloured. */
export const humanLine = (line: string): string => applyColor(quoteText(line));

/**
 * Prints lines to stdout in one write (commands produce small outputs; traces use their own sinks). Each
 * line is quoted as a whole: one element is one line, whatever the tracee put in it.
 */
export function printLines(lines: readonly string[]): void {
  process.stdout.write(lines.length ? `${lines.map(humanLine).join('\n')}\n` : '');
}

/** vat's own text (help, usage), several lines at once: printed as written. */
export function printHelp(text: string): void {
  process.stdout.write(`${text}\n`);
}

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
