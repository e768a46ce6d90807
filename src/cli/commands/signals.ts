// `vat signals [NAME|NUMBER] [--json]`: signal names, numbers and descriptions as strace prints them.
import { UsageError } from '../../errors.js';
import {
  listSignals,
  type SignalInfo,
  signalByName,
  signalByValue,
  signalNames,
} from '../../tables/signals.js';
import { didYouMean } from '../../util/suggest.js';
import { parseSubcommand, printHelp, printJson, printLines } from '../parse-subcommand.js';

export const SIGNALS_HELP = `usage: vat signals [NAME|NUMBER] [--json]

  vat signals          every signal: number, name, description
  vat signals TERM     one signal by name (SIGTERM, TERM, term) or number`;

const line = (s: SignalInfo): string =>
  `${String(s.value).padStart(3)}  ${s.name.padEnd(10)} ${s.message}${s.aliases.length ? `  (also ${s.aliases.join(', ')})` : ''}`;

export function signalsCommand(argv: string[]): number {
  const { values, positionals } = parseSubcommand('signals', argv, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printHelp(SIGNALS_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('signals: give at most one name or number');
  const query = positionals[0];
  const rows =
    query === undefined
      ? listSignals()
      : [/^\d+$/.test(query) ? signalByValue(Number(query)) : signalByName(query)];
  const found = rows.filter((s): s is SignalInfo => s !== undefined);
  if (query !== undefined && found.length === 0)
    throw new UsageError(
      `signals: unknown signal '${query}'${didYouMean(query.toUpperCase(), signalNames())}`,
    );
  if (values.json) printJson(query === undefined ? found : found[0]);
  else printLines(found.map(line));
  return 0;
}
