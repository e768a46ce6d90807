// "Did you mean" suggestions for mistyped names: the closest candidates by edit distance.

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Up to `max` candidates close to `input`, best first; empty when none is plausibly meant. */
export function suggest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const scored: [number, string][] = [];
  for (const c of candidates) {
    const d = editDistance(needle, c.toLowerCase());
    const limit = Math.max(1, Math.floor(c.length / 3));
    if (d <= limit || c.toLowerCase().startsWith(needle)) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  return scored.slice(0, max).map(([, c]) => c);
}

/** " (did you mean 'a' or 'b'?)" or "" — appended to an error line. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const found = suggest(input, candidates).map((c) => `'${c}'`);
  if (found.length === 0) return '';
  const last = found.pop();
  return ` (did you mean ${found.length ? `${found.join(', ')} or ` : ''}${last}?)`;
}
