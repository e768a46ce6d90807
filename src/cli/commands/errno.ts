// `vat errno [NAME|NUMBER] [--json]`: errno names, numbers and messages.
import { UsageError } from '../../errors.js';
import { type ErrnoInfo, errnoByName, errnoByValue, errnoNames, listErrnos } from '../../tables/errnos.js';
import { didYouMean } from '../../util/suggest.js';
import { parseSubcommand, printHelp, printJson, printLines } from '../parse-subcommand.js';

export const ERRNO_HELP = `usage: vat errno [NAME|NUMBER] [--json]

  vat errno            every errno: number, name, message
  vat errno ENOENT     one errno by name (or by number: vat errno 2)`;

const line = (e: ErrnoInfo): string =>
  `${String(e.value).padStart(4)}  ${e.name.padEnd(16)} ${e.message}${e.aliases.length ? `  (also ${e.aliases.join(', ')})` : ''}`;

export function errnoCommand(argv: string[]): number {
  const { values, positionals } = parseSubcommand('errno', argv, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printHelp(ERRNO_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('errno: give at most one name or number');
  const query = positionals[0];
  const rows =
    query === undefined
      ? listErrnos()
      : [/^\d+$/.test(query) ? errnoByValue(Number(query)) : errnoByName(query)];
  const found = rows.filter((e): e is ErrnoInfo => e !== undefined);
  if (query !== undefined && found.length === 0)
    throw new UsageError(`errno: unknown errno '${query}'${didYouMean(query.toUpperCase(), errnoNames())}`);
  if (values.json) printJson(query === undefined ? found : found[0]);
  else printLines(found.map(line));
  return 0;
}
