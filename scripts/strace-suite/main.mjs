// `npm run strace-suite`: strace 6.1's own test suite run with strace (the baseline) and with vat as $STRACE.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { downloadSource } from './apt-source.mjs';
import { buildStrace, checkSource } from './build.mjs';
import { checkRatchet, readRatchet, writeRatchet } from './ratchet.mjs';
import { renderReport, updateFidelity } from './report.mjs';
import { loadResults, runSuite } from './run-suite.mjs';
import { defaultTests, resolveTests } from './tests-list.mjs';

const HELP = `usage: npm run strace-suite -- [OPTIONS] [TEST...]

Builds strace 6.1 and its test suite in a cache directory, runs the default test list with the built strace
(the baseline) and with vat as $STRACE, and reports both. TEST names (e.g. openat, strace-V) run a subset.

  --source DIR      an unpacked strace 6.1 source (default: Debian's source package, via apt-get source)
  --setup-apt       add a deb-src entry mirroring the machine's Debian sources when there is none
  --cache DIR       where strace is unpacked, built and run (default: $XDG_CACHE_HOME/vat-strace-suite)
  --jobs N          parallel tests (default 2)
  --timeout S       the harness's per-test limit, TIMEOUT_DURATION (default 1500, strace's own)
  --no-baseline     reuse the baseline from the last run instead of running strace again
  --update          rewrite test/strace-suite-pass.txt (and, for a full run, FIDELITY.md's report)
Exit status: 0, 1 when a test listed in test/strace-suite-pass.txt did not pass, 2 on a setup error.`;

const log = (line) => process.stderr.write(`${line}\n`);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function fail(message) {
  log(`strace-suite: ${message}`);
  process.exit(2);
}

function options() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        source: { type: 'string' },
        'setup-apt': { type: 'boolean', default: false },
        cache: { type: 'string' },
        jobs: { type: 'string', default: '2' },
        // strace 6.1's tests/init.sh sets 1500 s when TIMEOUT_DURATION is unset: the limit its own runs have
        timeout: { type: 'string', default: '1500' },
        'no-baseline': { type: 'boolean', default: false },
        update: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return fail(`${e.message} (try --help)`);
  }
}

function cacheDir(given) {
  const dir = resolve(
    given ??
      process.env.VAT_STRACE_SUITE_CACHE ??
      join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vat-strace-suite'),
  );
  if (!relative(repo, dir).startsWith('..')) fail(`the cache ${dir} must be outside the repository`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function sourceDir(values, cache) {
  if (values.source) {
    const dir = resolve(values.source);
    const problem = checkSource(dir);
    if (problem) fail(problem);
    return dir;
  }
  const unpacked = join(cache, 'src', 'strace-6.1');
  if (existsSync(join(unpacked, 'configure'))) return unpacked;
  const tarball = downloadSource(cache, values['setup-apt'], log);
  if (!tarball) process.exit(2);
  mkdirSync(join(cache, 'src'), { recursive: true });
  execFileSync('tar', ['xf', tarball, '-C', join(cache, 'src')]);
  const problem = checkSource(unpacked);
  if (problem) fail(problem);
  return unpacked;
}

/**
 * vat as a program the harness can run: bin/vat (its bundled CLI, built once now) through a link named
 * `strace`. bin/vat hands the command the signals and closed fds vat was given (sigign, sigblock, redirect-fds);
 * vat's messages start with the link's path, as the tests expect of $STRACE; and vat names the process that
 * starts the command after itself, as strace does (the -Y tests expect the command name `strace`).
 */
function vatWrapper(cache) {
  log('strace-suite: npm run build');
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    fail('npm run build failed (see above; after a rebase, npm ci may be needed)');
  }
  const bin = join(cache, 'vat-bin');
  mkdirSync(bin, { recursive: true });
  const wrapper = join(bin, 'strace');
  rmSync(wrapper, { force: true });
  symlinkSync(join(repo, 'bin', 'vat'), wrapper);
  return wrapper;
}

async function main() {
  const { values, positionals } = options();
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const jobs = Number(values.jobs);
  const timeout = Number(values.timeout);
  if (!Number.isInteger(jobs) || jobs < 1) fail(`--jobs: not a positive integer: ${values.jobs}`);
  if (!Number.isInteger(timeout) || timeout < 1) fail(`--timeout: not a positive integer: ${values.timeout}`);
  const cache = cacheDir(values.cache);
  const src = sourceDir(values, cache);
  const build = join(cache, values.source ? `build-${src.replace(/[^A-Za-z0-9]+/g, '_')}` : 'build');
  const strace = buildStrace(src, build, jobs, log);
  const wrapper = vatWrapper(cache);
  const testsDir = join(build, 'tests');
  const all = defaultTests(testsDir);
  const { found, unknown } = resolveTests(all, positionals);
  if (unknown.length > 0) fail(`not in the default test list: ${unknown.join(' ')}`);
  const subset = positionals.length > 0;
  const tests = subset ? found : all;
  const suffix = subset ? '-subset' : '';
  const common = { testsDir, tests, jobs, timeout, log };
  const baselineDir = join(cache, 'results', `strace${suffix}`);
  let baseline;
  if (values['no-baseline']) {
    baseline =
      loadResults(join(cache, 'results', 'strace')) ??
      fail('no saved baseline: run once without --no-baseline');
  } else {
    baseline = (await runSuite({ ...common, strace, outDir: baselineDir, label: 'strace' })).results;
  }
  const vatDir = join(cache, 'results', `vat${suffix}`);
  const vatRun = await runSuite({ ...common, strace: wrapper, outDir: vatDir, label: 'vat' });
  const report = renderReport({
    tests,
    baseline,
    vat: vatRun.results,
    vatDir,
    timeout,
    jobs,
    seconds: vatRun.seconds,
  });
  writeFileSync(join(cache, `report${suffix}.md`), report);
  process.stdout.write(report);
  log(`strace-suite: report in ${join(cache, `report${suffix}.md`)}, logs in ${vatDir}`);
  const ratchetFile = join(repo, 'test', 'strace-suite-pass.txt');
  const listed = readRatchet(ratchetFile);
  const regressed = checkRatchet(listed, tests, vatRun.results);
  if (values.update) {
    writeRatchet(ratchetFile, listed, tests, vatRun.results);
    if (!subset) updateFidelity(join(repo, 'FIDELITY.md'), report);
    log(`strace-suite: updated ${relative(repo, ratchetFile)}${subset ? '' : ' and FIDELITY.md'}`);
  }
  if (regressed.length > 0) {
    log(`strace-suite: ${regressed.length} test(s) listed in test/strace-suite-pass.txt no longer pass:`);
    for (const t of regressed) log(`  ${t}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
