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
    throw new UsageError(`${command}: ${argsProblem(err)}`);
  }
}

/** getopt's wording for what node's parseArgs refused (its own sentences name APIs the user never saw). */
function argsProblem(err: unknown): string {
  const msg = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
  const code = (err as { code?: string }).code;
  const quoted = /'([^']*)'/.exec(msg)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return quoted.startsWith('--')
      ? `unrecognized option '${quoted}'`
      : `invalid option -- '${quoted.slice(1)}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
    return / does not take an argument/.test(msg)
      ? `option '${long}' doesn't allow an argument`
      : `option '${long}' requires an argument`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument '${quoted}'`;
  return msg;
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
