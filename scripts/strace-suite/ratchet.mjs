// test/strace-suite-pass.txt: the tests vat passes; a listed test that stops passing fails the runner.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { testName } from './tests-list.mjs';

const HEADER = `# strace 6.1 tests that vat passes as $STRACE (npm run strace-suite); the runner fails when one of these
# stops passing. Regenerate with: npm run strace-suite -- --update
`;

export function readRatchet(file) {
  if (!existsSync(file)) return new Set();
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

/** Listed tests among those run that did not pass. */
export function checkRatchet(listed, tests, results) {
  return tests.filter((t) => listed.has(testName(t)) && results.get(t) !== 'PASS').map(testName);
}

/** Tests run take their new state; tests not run keep theirs. */
export function writeRatchet(file, listed, tests, results) {
  const next = new Set(listed);
  for (const t of tests) {
    if (results.get(t) === 'PASS') next.add(testName(t));
    else next.delete(testName(t));
  }
  writeFileSync(
    file,
    HEADER +
      [...next]
        .sort()
        .map((t) => `${t}\n`)
        .join(''),
  );
}
