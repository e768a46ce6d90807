// --tips: one short tip about vat after the trace, in a box on stderr (strace's --tips grammar; vat's own
// words and drawing).
import { UsageError } from '../errors.js';

export interface TipsSpec {
  /** Which tip; undefined picks one at random. */
  readonly id?: number;
  readonly format: 'none' | 'compact' | 'full';
}

const TIPS: readonly string[] = [
  'vat -e trace=%file CMD shows only the calls that take a file name; %net, %process, %memory and %signal are other classes.',
  'vat -f -o trace.txt CMD follows children; -ff writes one file per process, trace.txt.PID.',
  'vat -c CMD counts calls, errors and time per syscall instead of printing each call.',
  'vat -y CMD prints the path behind every file descriptor: read(3</etc/passwd>, ...).',
  'vat -Z CMD prints only the calls that failed: a quick way to see why a program gives up.',
  'vat --json -o trace.jsonl CMD writes one JSON object per event, ready for jq.',
  'vat why trace.txt explains the last error a traced program hit; vat files lists what it opened.',
  'vat -P /etc/passwd CMD shows only the calls that touch that file, by name or through a descriptor.',
  'vat -X verbose CMD shows each flag as a number and a name: 0x80000 /* O_RDONLY|O_CLOEXEC */.',
  'vat -T -e trace=%net CMD shows how long each network call took.',
];

/** strace's string_to_uint: strtoull's reading (leading white space, a sign), at most INT_MAX; else undefined. */
function tipId(token: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(token);
  if (!m) return undefined;
  const n = BigInt(m[2] as string);
  // strtoull negates in 64 bits: only -0 stays small
  if (m[1] === '-' && n !== 0n) return undefined;
  return n <= 0x7fffffffn ? Number(n) : undefined;
}

/**
 * --tips[=[[id:]ID][,[format:]FORMAT]], each occurrence in order on top of the ones before, as strace's
 * parse_tips_arg: ID a number up to INT_MAX or random, FORMAT none, compact or full (prefixes and words in any
 * case); a --tips after format:none shows tips again.
 */
export function parseTips(values: readonly (string | undefined)[]): TipsSpec {
  let spec: TipsSpec = { format: 'none' };
  for (const value of values) {
    let id = spec.id;
    let format: TipsSpec['format'] = spec.format === 'none' ? 'compact' : spec.format;
    for (const raw of (value ?? '').split(',').filter(Boolean)) {
      const lower = raw.toLowerCase();
      const kind = lower.startsWith('id:') ? 'id' : lower.startsWith('format:') ? 'format' : 'either';
      const token = kind === 'id' ? raw.slice(3) : kind === 'format' ? raw.slice(7) : raw;
      const word = token.toLowerCase();
      if (kind !== 'format' && word === 'random') id = undefined;
      else if (kind !== 'format' && tipId(token) !== undefined) id = tipId(token);
      else if (kind !== 'id' && (word === 'none' || word === 'compact' || word === 'full')) format = word;
      else throw new UsageError(`invalid --tips argument: '${value ?? ''}'`);
    }
    spec = id === undefined ? { format } : { id, format };
  }
  return spec;
}

/** Words wrapped to `width` columns. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out;
}

/** The tip's box, or '' for format none. */
export function tipText(spec: TipsSpec, random: () => number = Math.random): string {
  if (spec.format === 'none') return '';
  const id = spec.id ?? Math.floor(random() * TIPS.length);
  const tip = TIPS[id % TIPS.length] as string;
  const width = 46;
  const body = wrap(tip, width).map((l) => ` | ${l.padEnd(width)} |`);
  const lines = [
    `  ${'_'.repeat(width + 2)}`,
    ` /${' '.repeat(width + 2)}\\`,
    ...body,
    ` \\${'_'.repeat(width + 2)}/`,
  ];
  if (spec.format === 'full')
    lines.push(`  tip ${id % TIPS.length} of ${TIPS.length}; vat --help lists every option`);
  return `${lines.join('\n')}\n`;
}
