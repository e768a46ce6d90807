// A traced program whose file and exec names carry ESC sequences, CR, LF with a forged vat line, a C1 CSI, a
// bidi override and a non-UTF-8 byte: no command may let them reach a stream meant for people raw.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { quoteFdPath, quoteText } from '../../src/model/quote.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat, type VatRun } from '../helpers/run-vat.js';

const dirs: string[] = [];
const dir = (): string => {
  const d = scratch();
  dirs.push(d);
  return d;
};
after(async () => {
  const { rmSync } = await import('node:fs');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** What a terminal would act on: ESC, CR, C1 CSI, bidi override; LF only as the end of a line vat wrote. */
function assertSafe(what: string, raw: string): void {
  // vat's own colour (FORCE_COLOR) is the only escape sequence allowed; a tracee's ESC would be left over
  // biome-ignore lint/suspicious/noControlCharactersInRegex: vat's own SGR sequences are the point
  const text = raw.replace(/\u001b\[\d+m/g, '');
  assert.ok(!text.includes('\u001b'), `${what}: raw ESC in ${JSON.stringify(text)}`);
  assert.ok(!text.includes('\r'), `${what}: raw CR in ${JSON.stringify(text)}`);
  assert.ok(!text.includes('\u009b'), `${what}: raw CSI in ${JSON.stringify(text)}`);
  assert.ok(!text.includes('\u202e'), `${what}: raw bidi override in ${JSON.stringify(text)}`);
  for (const line of text.split('\n'))
    assert.ok(
      !line.startsWith('vat: deviations from the profile: none'),
      `${what}: a line forged by the tracee: ${JSON.stringify(text)}`,
    );
}

function assertRun(what: string, r: VatRun, status?: number): void {
  if (status !== undefined) assert.equal(r.status, status, `${what}: ${r.stderr}`);
  assertSafe(`${what} (stdout)`, r.stdout);
  assertSafe(`${what} (stderr)`, r.stderr);
}

test('quoteText: strace escapes for what a terminal acts on, printable text untouched', () => {
  assert.equal(quoteText('plain /etc/passwd é'), 'plain /etc/passwd é');
  assert.equal(quoteText('a\r\n\t\u001b[2K'), 'a\\r\\n\\t\\33[2K');
  assert.equal(quoteText('\u001b1'), '\\0331', 'three octal digits before a digit');
  assert.equal(quoteText('\u009b\u202e\u0000\u007f'), '\\xc2\\x9b\\xe2\\x80\\xae\\0\\177');
  assert.equal(quoteText('\ud800x'), '\\xef\\xbf\\xbdx', 'a lone surrogate');
  assert.equal(quoteFdPath('/tmp/a\u001b1\r\u00e9'), '/tmp/a\\0331\\r\\303\\251');
});

test('trace text, -y paths and every analysis of a hostile trace quote the names', () => {
  const cwd = dir();
  const prog = fixture('hostile-names');
  const trace = join(cwd, 'h.jsonl');
  const benign = join(cwd, 'b.jsonl');
  // the strace-style trace itself, with -y fd paths
  assertRun('vat -y', runVat(['-f', '-y', '--', 'sh', '-c', `cd '${cwd}' && exec '${prog}' files`]));
  assertRun(
    'vat --json',
    runVat(['-f', '--json', '-o', trace, '--', 'sh', '-c', `cd '${cwd}' && exec '${prog}' files`]),
    3,
  );
  assertRun('vat --json', runVat(['-f', '--json', '-o', benign, '--', prog, 'benign']), 0);
  assertRun('files', runVat(['files', trace]), 0);
  assertRun('files --tree', runVat(['files', '--tree', trace]), 0);
  assertRun(
    'files --failed',
    runVat(['files', '--failed', trace], { env: { ...process.env, FORCE_COLOR: '1' } }),
    0,
  );
  assertRun('why', runVat(['why', trace]));
  assertRun('advise', runVat(['advise', trace]));
  assertRun('compare', runVat(['compare', benign, trace]), 0);
  assertRun(
    'compare (colour)',
    runVat(['compare', benign, trace], { env: { ...process.env, FORCE_COLOR: '1' } }),
    0,
  );
  assertRun('summary', runVat(['summary', trace]));
  assertRun('convert', runVat(['convert', trace]));
});

test('profile record, check and sandbox --mode log quote alerts and the summary', () => {
  const cwd = dir();
  const prog = fixture('hostile-names');
  const profile = join(cwd, 'p.json');
  assertRun('profile record', runVat(['profile', 'record', '-f', '-o', profile, '--', prog, 'benign']), 0);
  const cmd = ['sh', '-c', `cd '${cwd}' && exec '${prog}' files`];
  const check = runVat(['profile', 'check', profile, '-f', '--', ...cmd]);
  assertRun('profile check', check, 1);
  assert.match(check.stderr, /\\33\[2K/, 'the name is shown, quoted');
  assertRun('sandbox --mode log', runVat(['sandbox', '--profile', profile, '--mode', 'log', '--', ...cmd]));
});

test('error messages that echo a profile quote its contents', () => {
  const cwd = dir();
  const bad = join(cwd, 'bad.json');
  writeFileSync(
    bad,
    JSON.stringify({
      format: 'vat-profile',
      version: 1,
      arch: 'x86_64',
      executables: [
        { path: '/x', syscalls: { x86_64: ['read\r\u001b[2K\nvat: deviations from the profile: none'] } },
      ],
    }),
  );
  assertRun('profile check (bad profile)', runVat(['profile', 'check', bad, '--', 'true']), 2);
  assertRun('seccomp (bad profile)', runVat(['seccomp', bad]), 2);
  const trash = join(cwd, 'trash.log');
  writeFileSync(
    trash,
    'execve("/bin/true", ["true"], 0x0 /* 0 vars */) = 0\n\u001b[2K\rvat: deviations from the profile: none\n',
  );
  assertRun('summary (bad log line)', runVat(['summary', trash]));
});

test('vat stuck quotes the fd paths of a live process', async () => {
  const cwd = dir();
  const child = spawn(fixture('hostile-names'), ['stuck'], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', () => reject(new Error('the fixture ended early')));
    });
    const r = runVat(['stuck', '--no-sample', String(child.pid)]);
    assertRun('stuck', r, 0);
    assert.match(r.stdout, /FORGED/, 'the open file is listed');
  } finally {
    child.kill('SIGKILL');
  }
});
