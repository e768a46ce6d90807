// The one runner of the report commands (why, files, advise, compare, stuck): options, help, the report (for
// the analyses: which traces to read, a file, -- CMD or -p PID, then the analysis), then --json or the
// command's own rendering. A command only says what it adds to the options, how it makes its report and how
// the report reads.
import type { ParseArgsConfig } from 'node:util';
import type { Trace } from '../analyze/source.js';
import { type Palette, palette } from '../util/color.js';
import { type Input, loadTrace, oneInput, parseAnalysisArgs } from './analysis-input.js';
import { printHelp, printJson, printLines } from './parse-subcommand.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseAnalysisArgs<O>>;
type AnalysisValues<O extends Options> = Parsed<O>['values'];

/**
 * What every report command is: its options (besides -p, --for, --json and --help), its help, the report it
 * makes from the parsed arguments, then --json or its rendering. `vat stuck` is one (its input is a PID); the
 * analyses of traces are the others (AnalysisCommand).
 */
export interface ReportCommand<O extends Options, R> {
  readonly name: string;
  readonly help: string;
  readonly options: O;
  readonly report: (parsed: Parsed<O>) => Promise<R>;
  /** What --json prints; the report itself by default. */
  readonly json?: (report: R, values: AnalysisValues<O>) => unknown;
  /** The report for people: its lines (tracee text in them is quoted when printed). */
  readonly render: (report: R, values: AnalysisValues<O>, c: Palette) => string[];
}

/** A report command that analyses traces (a file, -- CMD, -p PID): it says how it analyses them. */
export interface AnalysisCommand<O extends Options, R> extends Omit<ReportCommand<O, R>, 'report'> {
  /** The traces it reads; by default one: a file, -- CMD or -p PID. */
  readonly inputs?: (parsed: Parsed<O>) => readonly [Input, ...Input[]];
  readonly analyze: (traces: readonly [Trace, ...Trace[]], values: AnalysisValues<O>) => Promise<R>;
}

/** The options every report command has (INPUT_OPTIONS); TypeScript cannot see them through the generic O. */
interface CommonValues {
  help?: boolean;
  pid?: string[];
  for?: string;
  json?: boolean;
}

export async function runReport<O extends Options, R>(
  cmd: ReportCommand<O, R>,
  argv: string[],
): Promise<number> {
  const parsed = parseAnalysisArgs(cmd.name, argv, cmd.options);
  const { values } = parsed;
  const common = values as CommonValues;
  if (common.help) {
    printHelp(cmd.help);
    return 0;
  }
  const report = await cmd.report(parsed);
  if (common.json) printJson(cmd.json ? cmd.json(report, values) : report);
  else printLines(cmd.render(report, values, palette()));
  return 0;
}

export function runAnalysis<O extends Options, R>(
  cmd: AnalysisCommand<O, R>,
  argv: string[],
): Promise<number> {
  return runReport(
    {
      ...cmd,
      report: async (parsed) => {
        const common = parsed.values as CommonValues;
        const inputs = cmd.inputs
          ? cmd.inputs(parsed)
          : [oneInput(cmd.name, parsed.positionals, parsed.command, common.pid, common.for)];
        const [first, ...more] = inputs;
        const traces: [Trace, ...Trace[]] = [await loadTrace(first, cmd.name)];
        for (const input of more) traces.push(await loadTrace(input, cmd.name));
        return cmd.analyze(traces, parsed.values);
      },
    },
    argv,
  );
}
