// The shape of a strace-format trace, for comparing vat with strace where the text is deterministic: which
// calls each process made and how each ended, unfinished/resumed pairs, signal, stop, exit and exec lines.
// Argument values are left out (decoding is compared elsewhere); pids and addresses become PID and ADDR.

/** Calls whose results are process or thread ids. */
const PID_RESULTS = new Set([
  'clone',
  'clone3',
  'fork',
  'vfork',
  'getpid',
  'getppid',
  'gettid',
  'set_tid_address',
  'wait4',
  'waitid',
]);

/** Calls the fixtures' /proc polling makes (test/fixtures/wait-state.h): how many depends on timing. */
export const POLLING = ['open', 'pread64', 'close', 'nanosleep'] as const;

export interface ShapeLine {
  /** The pid prefix (`-f -o`, `[pid N]`), or '' without one. */
  readonly pid: string;
  /** The call's name on call lines (`name(`, `<... name resumed>`), '' on other lines. */
  readonly call: string;
  /** whole: `name(...) = r`; unfinished: `name(... <unfinished ...>`; resumed: `<... name resumed>... = r`. */
  readonly part: 'whole' | 'unfinished' | 'resumed' | 'other';
  /** Markers kept from the arguments: `<... resuming interrupted X ...>`, a lost exit `<unfinished ...>`. */
  readonly mark: string;
  /** The normalized result of whole and resumed lines. */
  readonly result: string;
  /** The normalized line without its pid prefix. */
  readonly text: string;
}

const LINE = /^(?:(\d+) +|\[pid +(\d+)\] )?(.*)$/;
const RESUMED = /^<\.\.\. ([a-z0-9_]+) resumed>(.*)$/;
const CALL = /^([a-z0-9_]+)\((.*)$/;
const UNFINISHED = ' <unfinished ...>';

function normalizeResult(call: string, result: string): string {
  if (/^\d+$/.test(result) && PID_RESULTS.has(call) && Number(result) > 0) return 'PID';
  return result.replace(/0x[0-9a-f]+/g, 'ADDR');
}

/** The markers strace puts among arguments that tell the call's fate. */
function markers(args: string): string {
  const out: string[] = [];
  const resuming = /<\.\.\. resuming interrupted (?:[a-z0-9_]+|system call) \.\.\.>/.exec(args);
  if (resuming) out.push(resuming[0]);
  if (args.endsWith(`${UNFINISHED})`)) out.push('<unfinished ...>');
  return out.join(' ');
}

/** Splits `ARGS) = RESULT`: the result follows the last `)` and the padding. */
function splitResult(rest: string): { args: string; result: string } {
  const m = /^(.*\))\s+= (.*)$/.exec(rest);
  return m ? { args: m[1] as string, result: m[2] as string } : { args: rest, result: '' };
}

const callText = (call: string, mark: string, result: string): string => `${call}(${mark}) = ${result}`;

export function shapeLine(raw: string): ShapeLine {
  const m = LINE.exec(raw) as RegExpExecArray;
  const pid = m[1] ?? m[2] ?? '';
  const body = (m[3] as string).replace(/^(strace|vat): /, 'TRACER: ');
  const other = (text: string): ShapeLine => ({ pid, call: '', part: 'other', mark: '', result: '', text });
  if (body.startsWith('+++ ') || body.startsWith('TRACER: '))
    return other(body.replace(/(in pid|Process) \d+/, '$1 PID'));
  if (body.startsWith('--- stopped by ')) return other(body);
  if (body.startsWith('--- ')) {
    const sig = /^--- (SIG[A-Z0-9]+) \{si_signo=\1, si_code=([A-Z_]+|-?\d+)/.exec(body);
    return other(sig ? `--- ${sig[1]} {si_code=${sig[2]}} ---` : body);
  }
  const resumed = RESUMED.exec(body);
  if (resumed) {
    const call = resumed[1] as string;
    const { args, result: r } = splitResult(resumed[2] as string);
    const mark = markers(args);
    const result = normalizeResult(call, r);
    return { pid, call, part: 'resumed', mark, result, text: `<... ${call} resumed>(${mark}) = ${result}` };
  }
  const c = CALL.exec(body);
  if (!c) return other(body);
  const call = c[1] as string;
  const rest = c[2] as string;
  if (rest.endsWith(UNFINISHED) && !/\)\s+= /.test(rest)) {
    const mark = markers(rest.slice(0, -UNFINISHED.length));
    return { pid, call, part: 'unfinished', mark, result: '', text: `${call}(${mark})${UNFINISHED}` };
  }
  const { args, result: r } = splitResult(rest);
  const mark = markers(args);
  const result = normalizeResult(call, r);
  return { pid, call, part: 'whole', mark, result, text: callText(call, mark, result) };
}

/** Every line's shape, leaving out the calls in `drop` (and their unfinished/resumed halves). */
export function shape(text: string, drop: readonly string[] = []): ShapeLine[] {
  const dropped = new Set(drop);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map(shapeLine)
    .filter((l) => !dropped.has(l.call));
}

/**
 * Each process's story, whatever the interleaving: an unfinished call and its resumption (same pid, next call
 * line of that pid) become one `name() = result` line. Sorted, so two traces of one program compare equal.
 */
export function stories(lines: readonly ShapeLine[]): string[] {
  const byPid = new Map<string, string[]>();
  const open = new Map<string, { at: number; line: ShapeLine }>();
  for (const l of lines) {
    let list = byPid.get(l.pid);
    if (!list) {
      list = [];
      byPid.set(l.pid, list);
    }
    const pending = open.get(l.pid);
    if (l.part === 'resumed' && pending && pending.line.call === l.call) {
      open.delete(l.pid);
      const mark = [pending.line.mark, l.mark].filter((x) => x !== '').join(' ');
      list[pending.at] = callText(l.call, mark, l.result);
      continue;
    }
    if (l.part === 'unfinished') open.set(l.pid, { at: list.length, line: l });
    list.push(l.text);
  }
  return [...byPid.values()].map((l) => l.join('\n')).sort();
}

export const texts = (lines: readonly ShapeLine[]): string[] => lines.map((l) => l.text);
