// The README's console blocks as steps (a `$ command` and the lines it prints), and a comparison of output
// shapes: numbers, addresses and dates vary between runs and machines, words and layout may not.
export interface Step {
  readonly command: string;
  readonly expected: readonly string[];
  /** README line of the command, for messages. */
  readonly line: number;
}

/** Every ```console block of `markdown` (indented ones too), each as its steps in order. */
export function consoleBlocks(markdown: string): Step[][] {
  const blocks: Step[][] = [];
  let current: { indent: string; steps: { command: string; expected: string[]; line: number }[] } | undefined;
  markdown.split('\n').forEach((raw, i) => {
    const fence = /^(\s*)```(\w*)\s*$/.exec(raw);
    if (fence) {
      if (current) {
        blocks.push(current.steps);
        current = undefined;
      } else if (fence[2] === 'console') current = { indent: fence[1] ?? '', steps: [] };
      return;
    }
    if (!current) return;
    const line = raw.startsWith(current.indent) ? raw.slice(current.indent.length) : raw;
    if (line.startsWith('$ ')) current.steps.push({ command: line.slice(2), expected: [], line: i + 1 });
    else if (line.trim() !== '') current.steps.at(-1)?.expected.push(line);
  });
  return blocks;
}

/** A line's shape: numbers, hex and dates masked, runs of spaces (column padding) made one. */
export function shape(line: string): string {
  return line
    .replace(/\b[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}\b/g, 'DATE')
    .replace(/0x[0-9a-f]+/gi, '0xH')
    .replace(/\d+(\.\d+)?/g, 'N')
    .replace(/\bN (ns|µs|us|ms|s)\b/g, 'N TIME')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lines vat says itself (`vat: ...`) and the command's own: two streams whose interleaving is buffering's. */
const isVat = (line: string): boolean => line.startsWith('vat: ');

/** A line, or a line ending in ` ...`: any line that begins so (what follows varies between runs). */
const same = (got: string, expected: string): boolean =>
  expected.endsWith(' ...') ? got.startsWith(expected.slice(0, -3)) : got === expected;

/** Whether `got` matches `expected` line by line, where an expected `...` stands for any number of lines. */
function matches(got: readonly string[], expected: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = i * (got.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let ok: boolean;
    if (i === expected.length) ok = j === got.length;
    else if (expected[i] === '...') ok = match(i + 1, j) || (j < got.length && match(i, j + 1));
    else ok = j < got.length && same(got[j] as string, expected[i] as string) && match(i + 1, j + 1);
    memo.set(key, ok);
    return ok;
  };
  return match(0, 0);
}

/**
 * Whether `got` has the shape of `expected` (a README line `...` stands for any number of lines, a line
 * ending in ` ...` for any line that begins so). vat's own
 * lines and the command's are compared each in their order, not interleaved: the command's stdout reaches a
 * pipe later than it reaches a terminal. Returns undefined when it matches, else what did not.
 */
export function shapeMismatch(got: readonly string[], expected: readonly string[]): string | undefined {
  const g = got.filter((l) => l.trim() !== '').map(shape);
  const e = expected.map(shape);
  for (const vat of [true, false]) {
    const gs = g.filter((l) => isVat(l) === vat);
    const es = e.filter((l) => l === '...' || isVat(l) === vat);
    if (matches(gs, es)) continue;
    let k = 0;
    while (k < es.length && k < gs.length && es[k] === gs[k]) k++;
    return `${vat ? "vat's lines" : "the command's lines"}: expected ${es[k] ?? '(end)'}`;
  }
  return undefined;
}
