// --secontext: the SELinux context of a file (after an fd or a path, ` [type]`) and of a process (before its
// lines, `[type] `), as strace's secontext.c prints them; with `mismatch`, `!!` and the context the policy
// expects when it differs. Where SELinux is off every read fails and nothing is added.
import { quoteContext } from '../../model/quote.js';
import { expectedContextOf, fileContext, processContext } from '../../sys/selinux.js';
import { PROG } from '../../util/prog-name.js';

export interface SecontextOptions {
  /** The whole context (user:role:type:level), not the type alone. */
  readonly full: boolean;
  /** Also the context the file_contexts database expects, after `!!`, when it differs. */
  readonly mismatch: boolean;
}

/** strace's parse_secontext: the type (third field) unless full; trailing newlines dropped. */
export function contextPart(context: string, full: boolean): string {
  const parts = context.split(':');
  const part = !full && parts.length >= 3 ? (parts[2] as string) : context;
  return part.replace(/\n+$/, '');
}

/** The bracketed text: `type`, or `type!!expected` when `mismatch` finds another one. */
function contextText(
  context: string,
  expected: string | undefined,
  o: SecontextOptions,
  xflag: 0 | 1 | 2 | 3,
): string {
  const shown = contextPart(context, o.full);
  const text = quoteContext(shown, xflag);
  if (expected === undefined) return text;
  const wanted = contextPart(expected, o.full);
  return wanted === shown ? text : `${text}!!${quoteContext(wanted, xflag)}`;
}

/** A process's context for the start of its lines (`[type] ` without the space), undefined when none. */
export function processContextText(
  pid: number,
  o: SecontextOptions,
  xflag: 0 | 1 | 2 | 3,
): string | undefined {
  const context = processContext(pid);
  return context === undefined ? undefined : contextText(context, undefined, o, xflag);
}

/**
 * The context of the file at `file` (a /proc path: `/proc/PID/fd/N`, `/proc/PID/root/PATH`, `/proc/PID/cwd/PATH`),
 * undefined when it has none.
 */
export function fileContextText(
  file: string,
  o: SecontextOptions,
  xflag: 0 | 1 | 2 | 3,
  warn: (message: string) => void,
): string | undefined {
  const context = fileContext(file);
  if (context === undefined) return undefined;
  return contextText(context, o.mismatch ? expectedContextOf(file, warn) : undefined, o, xflag);
}

/** strace's one warning when the file_contexts database cannot be opened (vat's name first). */
export function secontextWarning(message: string): void {
  process.stderr.write(`${PROG}: ${message}\n`);
}
