// The harness's default test list (the Makefile's TESTS), and names given by users mapped onto it.
import { execFileSync } from 'node:child_process';

export function defaultTests(testsDir) {
  const out = execFileSync(
    'make',
    ['-s', '--no-print-directory', '-f', 'Makefile', '-f', '-', 'vat-print-tests'],
    {
      cwd: testsDir,
      input: 'vat-print-tests:\n\t@echo $(TESTS)\n',
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  return out.split(/\s+/).filter(Boolean);
}

/** "openat" -> "openat.gen.test"; full file names pass through. Unknown names are returned in `unknown`. */
export function resolveTests(all, names) {
  const byName = new Map(all.map((t) => [testName(t), t]));
  const found = [];
  const unknown = [];
  for (const n of names) {
    const t = all.includes(n) ? n : byName.get(n);
    if (t) found.push(t);
    else unknown.push(n);
  }
  return { found, unknown };
}

export function testName(file) {
  return file.replace(/\.gen\.test$|\.test$/, '');
}
