// Runs the harness (`make check`) once with a given STRACE and collects each test's result and log.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Results of one run: Map test file -> 'PASS' | 'FAIL' | 'SKIP' | 'ERROR' | 'XFAIL' | 'XPASS' | 'MISSING'. */
export async function runSuite({ testsDir, strace, tests, jobs, timeout, outDir, label, log }) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const args = ['-k', `-j${jobs}`, 'check', `TESTS=${tests.join(' ')}`];
  const env = { ...process.env, STRACE: strace, TIMEOUT_DURATION: String(timeout) };
  const started = Date.now();
  log(`strace-suite: ${label}: ${tests.length} tests, make -j${jobs} check, TIMEOUT_DURATION=${timeout}`);
  const makeLog = [];
  let done = 0;
  await new Promise((resolve, reject) => {
    const child = spawn('nice', ['make', ...args], { cwd: testsDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        makeLog.push(line);
        if (/^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS): /.test(line)) {
          done++;
          if (done % 100 === 0) log(`strace-suite: ${label}: ${done}/${tests.length} (${secs(started)} s)`);
        }
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  writeFileSync(join(outDir, 'make.log'), `${makeLog.join('\n')}\n`);
  const results = new Map();
  for (const t of tests) {
    const base = t.replace(/\.test$/, '');
    const trs = join(testsDir, `${base}.trs`);
    const logFile = join(testsDir, `${base}.log`);
    const result = existsSync(trs)
      ? (/^:test-result: (\S+)/m.exec(readFileSync(trs, 'utf8'))?.[1] ?? 'MISSING')
      : 'MISSING';
    results.set(t, result);
    if (existsSync(logFile)) copyFileSync(logFile, join(outDir, `${base}.log`));
  }
  writeFileSync(join(outDir, 'results.tsv'), [...results].map(([t, r]) => `${t}\t${r}\n`).join(''));
  log(`strace-suite: ${label}: finished in ${secs(started)} s`);
  return { results, seconds: Math.round((Date.now() - started) / 1000) };
}

/** Results saved by an earlier run, or undefined. */
export function loadResults(outDir) {
  const file = join(outDir, 'results.tsv');
  if (!existsSync(file)) return undefined;
  const results = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [t, r] = line.split('\t');
    if (t && r) results.set(t, r);
  }
  return results;
}

function secs(started) {
  return Math.round((Date.now() - started) / 1000);
}
