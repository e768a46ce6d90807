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

/** --tips[=[[id:]ID][,[format:]FORMAT]]: ID a non-negative integer or random; FORMAT none, compact, full. */
export function parseTips(value: string | undefined): TipsSpec {
  let id: number | undefined;
  let format: TipsSpec['format'] = 'compact';
  for (const token of (value ?? '').split(',').filter(Boolean)) {
    const [key, rest] = token.includes(':') ? token.split(/:(.*)/s) : ['', token];
    const v = rest ?? '';
    if ((key === '' || key === 'id') && /^\d+$/.test(v)) id = Number(v);
    else if ((key === '' || key === 'id') && v === 'random') id = undefined;
    else if ((key === '' || key === 'format') && (v === 'none' || v === 'compact' || v === 'full'))
      format = v;
    else throw new UsageError(`invalid --tips argument: '${value}'`);
  }
  return id === undefined ? { format } : { id, format };
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
