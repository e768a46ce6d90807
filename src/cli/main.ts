// Entry logic: subcommands by name, otherwise strace's grammar (`vat [OPTIONS] -- CMD` / `vat -p PID`).
import { COMMANDS, isCommand } from './commands/index.js';
import { printHelp, printLines } from './parse-subcommand.js';
import { runCli } from './run.js';
import { traceMain } from './trace-main.js';
import { TRACE_HELP } from './trace-options.js';
import { version, versionLine } from './version.js';

function help(): string {
  const commands = Object.entries(COMMANDS).map(([name, c]) => `  vat ${name.padEnd(10)} ${c.summary}`);
  return `vat ${version()} — a system-call tracer and toolkit for Linux

usage: vat [OPTIONS] -- COMMAND [ARGS...]     trace a command (strace's options)
       vat [OPTIONS] -p PID[,PID...]           trace running processes
       vat COMMAND [ARGS...]                   the tools below

${commands.join('\n')}

Each tool takes --help. Trace options:
${TRACE_HELP}`;
}

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (isCommand(first)) return COMMANDS[first].run(argv.slice(1));
  if (first === '--help' || first === '-h') {
    printHelp(help());
    return 0;
  }
  if (first === '--version' || first === '-V') {
    printLines([versionLine()]);
    return 0;
  }
  return traceMain(argv);
}

/** The whole CLI: the tools, and tracing. */
export const run = (argv: string[]): Promise<void> => runCli(argv, main);
