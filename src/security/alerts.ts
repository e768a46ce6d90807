// Alerts on stderr as they happen (`vat: ALERT pid 123: syscall ptrace not in profile`), or JSON lines
// (`--json`), and the summary at the end: occurrences counted per deviation. Their lines hold vat's words and
// raw names from the tracee only, so they are quoted losslessly (quoteName: `\` doubled).
import { writeSync } from 'node:fs';
import { quoteName } from '../model/quote.js';
import { PROG } from '../util/prog-name.js';

/** Rows of the text summary; --json gives them all. */
const SUMMARY_ROWS = 25;

export interface Alert {
  readonly pid: number;
  readonly kind: string;
  readonly detail: string;
  readonly message: string;
  readonly arch?: string;
  readonly exe?: string;
  /** sandbox: what the kernel did with the call (allowed and logged, denied with an errno, killed). */
  readonly action?: string;
}

export class AlertWriter {
  constructor(
    private readonly json: boolean,
    private readonly fd = 2,
  ) {}

  alert(a: Alert): void {
    const line = this.json
      ? JSON.stringify({ v: 1, type: 'alert', ...a })
      : quoteName(`${PROG}: ALERT pid ${a.pid}: ${a.message}${a.action ? ` (${a.action})` : ''}`);
    writeSync(this.fd, `${line}\n`);
  }

  /** `counts`: occurrences by deviation key; `title` says what was counted. */
  /** `counts` undefined: they could not be observed (said so, never printed as none). */
  summary(
    title: string,
    counts: ReadonlyMap<string, number> | undefined,
    notes: readonly string[] = [],
  ): void {
    const rows = [...(counts ?? [])].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    if (this.json) {
      writeSync(
        this.fd,
        `${JSON.stringify({ v: 1, type: 'summary', title, counts: counts ? Object.fromEntries(rows) : null, notes })}\n`,
      );
      return;
    }
    const total = rows.reduce((n, [, c]) => n + c, 0);
    const what = !counts ? 'not observable' : total === 0 ? 'none' : `${total} in ${rows.length} kind(s)`;
    const lines = [`${PROG}: ${title}: ${what}`];
    for (const [key, n] of rows.slice(0, SUMMARY_ROWS))
      lines.push(`${PROG}: ${String(n).padStart(7)}  ${key}`);
    if (rows.length > SUMMARY_ROWS)
      lines.push(`${PROG}: ... and ${rows.length - SUMMARY_ROWS} more (--json lists all)`);
    for (const note of notes) lines.push(`${PROG}: ${note}`);
    writeSync(this.fd, `${lines.map(quoteName).join('\n')}\n`);
  }
}
