// The Markdown report of a run: counts for strace and vat, vat's failures grouped by cause, time limits, and the
// failures that differ only by names newer than strace 6.1 (a category of their own, never counted as passes).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from './classify.mjs';
import { testName } from './tests-list.mjs';
import { loadNewer, versionOnly } from './version-diff.mjs';

const BEGIN = '<!-- strace-suite report: begin -->';
const END = '<!-- strace-suite report: end -->';

function counts(tests, results) {
  const c = { PASS: 0, FAIL: 0, SKIP: 0, ERROR: 0, other: 0 };
  for (const t of tests) {
    const r = results.get(t) ?? 'MISSING';
    if (r in c) c[r]++;
    else c.other++;
  }
  return c;
}

function timedOut(dir, tests, results) {
  return tests.filter((t) => {
    if (results.get(t) === 'PASS') return false;
    const f = join(dir, `${t.replace(/\.test$/, '')}.log`);
    return existsSync(f) && /time limit \(\d+\) exceeded/.test(readFileSync(f, 'utf8'));
  });
}

function groupBy(tests, key) {
  const groups = new Map();
  for (const t of tests) {
    const k = key(t);
    const list = groups.get(k) ?? [];
    list.push(testName(t));
    groups.set(k, list);
  }
  return [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

function groupTable(groups) {
  const rows = groups.map(
    ([cause, names]) => `| ${names.length} | ${cause.replace(/\|/g, '\\|')} | ${names.join(' ')} |`,
  );
  return ['| tests | cause | which |', '| ---: | --- | --- |', ...rows].join('\n');
}

function kernel() {
  try {
    return execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

export function renderReport({ tests, baseline, vat, vatDir, timeout, jobs, seconds }) {
  const s = counts(tests, baseline);
  const v = counts(tests, vat);
  const strPass = tests.filter((t) => baseline.get(t) === 'PASS');
  const both = strPass.filter((t) => vat.get(t) === 'PASS');
  const logOf = (t) => join(vatDir, `${t.replace(/\.test$/, '')}.log`);
  const newer = loadNewer();
  const failed = strPass.filter((t) => vat.get(t) !== 'PASS' && vat.get(t) !== 'SKIP');
  const byVersion = failed.filter(
    (t) => existsSync(logOf(t)) && versionOnly(readFileSync(logOf(t), 'utf8'), newer),
  );
  const vatFails = failed.filter((t) => !byVersion.includes(t));
  const vatSkips = strPass.filter((t) => vat.get(t) === 'SKIP');
  const beyond = tests.filter((t) => baseline.get(t) !== 'PASS' && vat.get(t) === 'PASS');
  const limit = timedOut(vatDir, tests, vat);
  const pct = strPass.length ? ((100 * both.length) / strPass.length).toFixed(1) : '0';
  const row = (name, c) => `| ${name} | ${c.PASS} | ${c.FAIL} | ${c.SKIP} | ${c.ERROR + c.other} |`;
  const lines = [
    `strace 6.1's test suite (${tests.length} tests of the default list), measured ${new Date().toISOString().slice(0, 16)}Z`,
    `on Linux ${kernel()}, \`make -j${jobs} check\`, TIMEOUT_DURATION=${timeout} s; vat's run took ${seconds} s.`,
    '',
    '| $STRACE | pass | fail | skip | error |',
    '| --- | ---: | ---: | ---: | ---: |',
    row('strace 6.1 (built here)', s),
    row('vat', v),
    '',
    `**vat passes ${both.length} of the ${strPass.length} tests strace passes (${pct} %)**` +
      (beyond.length
        ? `, and ${beyond.length} that strace does not pass (${beyond.map(testName).join(' ')}).`
        : '.'),
    '',
    `Tests that hit the time limit with vat: ${limit.length ? limit.map(testName).join(' ') : 'none'}.`,
    '',
    `### vat's failures among the tests strace passes, by cause (${vatFails.length})`,
    '',
    groupTable(groupBy(vatFails, (t) => classify(logOf(t)))),
    '',
    `### Version differences (${byVersion.length}): failures whose every differing line differs only by names or ` +
      'fields newer than strace 6.1 (scripts/strace-suite/newer-than-6.1.tsv); failures, not passes',
    '',
    byVersion.length ? byVersion.map(testName).join(' ') : 'none',
    '',
  ];
  if (vatSkips.length) {
    lines.push(
      `Skipped with vat but passed by strace (${vatSkips.length}): ${vatSkips.map(testName).join(' ')}`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Replaces the report between the markers in FIDELITY.md (appends it when the markers are missing). */
export function updateFidelity(file, report) {
  const block = `${BEGIN}\n${report}${END}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}\n${block}\n`;
  writeFileSync(file, next);
}
