// The traces of a -ff run (one file per process, FILE.PID), made comparable between two runs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Each process's trace in `dir`, its pids (the files' suffixes) and addresses masked and the padding before each
 * result closed up, then `more` applied; the list sorted, as processes may be numbered in any order.
 */
export function maskedFfTraces(dir: string, more: (text: string) => string = (t) => t): string[] {
  const files = readdirSync(dir);
  const pids = new Set(files.map((f) => f.slice(f.lastIndexOf('.') + 1)));
  return files
    .map((f) =>
      more(
        readFileSync(join(dir, f), 'utf8')
          .replace(/\b\d+\b/g, (n) => (pids.has(n) ? 'PID' : n))
          .replace(/0x[0-9a-f]{6,}/g, 'ADDR')
          // a pid's or address's width moves the result's column: the padding is closed up on both sides
          .replace(/ +(= )/g, ' $1'),
      ),
    )
    .sort();
}
