// The one runner of the analysis commands (why, files, advise, compare): options, help, which traces to read
// (a file, -- CMD, -p PID), the analysis, then --json or the command's own rendering. A command only says
// what it adds to the options, how it analyses the traces and how its report reads.
import type { ParseArgsConfig } from 'node:util';
import type { Trace } from '../analyze/source.js';
import { type Palette, palette } from '../util/color.js';
import { type Input, loadTrace, oneInput, parseAnalysisArgs } from './analysis-input.js';
import { printHelp, printJson, printLines } from './parse-subcommand.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseAnalysisArgs<O>>;
type AnalysisValues<O extends Options> = Parsed<O>['values'];

export interface AnalysisCommand<O extends Options, R> {
  readonly name: string;
  readonly help: string;
  /** Options of this command, besides -p, --for, --json and --help. */
  readonly options: O;
  /** The traces it reads; by default one: a file, -- CMD or -p PID. */
  readonly inputs?: (parsed: Parsed<O>) => readonly [Input, ...Input[]];
  readonly analyze: (traces: readonly [Trace, ...Trace[]], values: AnalysisValues<O>) => Promise<R>;
  /** What --json prints; the report itself by default. */
  readonly json?: (report: R, values: AnalysisValues<O>) => unknown;
  /** The report for people: its lines (tracee text in them is quoted when printed). */
  readonly render: (report: R, values: AnalysisValues<O>, c: Palette) => string[];
}

export async function runAnalysis<O extends Options, R>(
  cmd: AnalysisCommand<O, R>,
  argv: string[],
): Promise<number> {
  const parsed = parseAnalysisArgs(cmd.name, argv, cmd.options);
  const { values } = parsed;
  // the options every analysis has (INPUT_OPTIONS); TypeScript cannot see them through the generic O
  const common = values as { help?: boolean; pid?: string[]; for?: string; json?: boolean };
  if (common.help) {
    printHelp(cmd.help);
    return 0;
  }
  const inputs = cmd.inputs
    ? cmd.inputs(parsed)
    : [oneInput(cmd.name, parsed.positionals, parsed.command, common.pid, common.for)];
  const [first, ...more] = inputs;
  const traces: [Trace, ...Trace[]] = [await loadTrace(first, cmd.name)];
  for (const input of more) traces.push(await loadTrace(input, cmd.name));
  const report = await cmd.analyze(traces, values);
  if (common.json) printJson(cmd.json ? cmd.json(report, values) : report);
  else printLines(cmd.render(report, values, palette()));
  return 0;
}
