// The traces of -ff runs (one file per process, FILE.PID), made comparable between the runs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A -ff run's pids: its files' suffixes. */
const pidsOf = (dir: string): string[] => readdirSync(dir).map((f) => f.slice(f.lastIndexOf('.') + 1));

/**
 * Each run's traces (one list per directory of `dirs`): every number that is a pid of any of the runs masked (a
 * pid of one run, 8192, may be a size in the other's trace: masked in one run only, the traces would differ),
 * addresses masked and the padding before each result closed up, then `more` applied; each list sorted, as
 * processes may be numbered in any order.
 */
export function maskedFfRuns(dirs: readonly string[], more: (text: string) => string = (t) => t): string[][] {
  const pids = new Set(dirs.flatMap(pidsOf));
  return dirs.map((dir) =>
    readdirSync(dir)
      .map((f) =>
        more(
          readFileSync(join(dir, f), 'utf8')
            .replace(/\b\d+\b/g, (n) => (pids.has(n) ? 'PID' : n))
            .replace(/0x[0-9a-f]{6,}/g, 'ADDR')
            // a pid's or address's width moves the result's column: the padding is closed up on both sides
            .replace(/ +(= )/g, ' $1'),
        ),
      )
      .sort(),
  );
}
