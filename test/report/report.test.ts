// vat report: a real -f trace of a small build, rendered in headless Chromium and read back through the DOM.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, openFile } from '../helpers/browser.js';
import { scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

describe('vat report of a build', { skip: CHROMIUM ? false : 'chromium is not installed' }, () => {
  const html = join(dir, 'build.html');
  before(() => {
    writeFileSync(join(dir, 'a.c'), 'int a(void) { return 1; }\n');
    writeFileSync(join(dir, 'b.c'), 'int b(void) { return 2; }\n');
    writeFileSync(
      join(dir, 'Makefile'),
      'all: a.o b.o\n\t-cat /nonexistent-vat-report-input\n%.o: %.c\n\tcc -c -o $@ $<\n',
    );
    const r = runVat(['report', '-o', html, '--', 'make', '-s', '-j2', '-C', dir], { timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /report of \d+ calls written/);
  });

  test('is one self-contained file that loads without errors or network', async () => {
    const text = readFileSync(html, 'utf8');
    assert.doesNotMatch(text, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/);
    const { page, errors, close } = await openFile(html);
    try {
      assert.match((await page.textContent('h1')) ?? '', /make -s -j2/);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test('shows the process tree, timeline, summary, errors and files of that trace', async () => {
    const { page, errors, close } = await openFile(html, 'dark');
    try {
      const tree = (await page.textContent('#view-processes')) ?? '';
      assert.match(tree, /make -s -j2/);
      assert.match(tree, /cc -c -o a\.o a\.c/);
      assert.match(tree, /cat \/nonexistent-vat-report-input.*exited with 1/s);
      await page.click('#tab-timeline');
      const box = await page.locator('#view-timeline canvas').boundingBox();
      assert.ok(box && box.height > 100, 'one lane per thread');
      await page.locator('#view-timeline canvas').focus();
      await page.keyboard.press('+');
      await page.click('#tab-summary');
      const cells = await page.locator('#view-summary td').allTextContents();
      for (const name of ['execve', 'openat', 'wait4'])
        assert.ok(cells.includes(name), `${name} in the summary`);
      await page.click('#tab-errors');
      const failed = (await page.textContent('#view-errors')) ?? '';
      assert.match(failed, /ENOENT/);
      assert.match(failed, /\/nonexistent-vat-report-input/);
      await page.click('#tab-profile');
      const profile = (await page.textContent('#view-profile pre')) ?? '';
      assert.match(profile, /"format": "vat-profile"/);
      assert.match(profile, /\/usr\/bin\/make/);
      await page.click('#tab-files');
      assert.match((await page.textContent('#view-files')) ?? '', /a\.c/);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test('the search box filters the calls by path and by pid, and the tabs work from the keyboard', async () => {
    const { page, close } = await openFile(html);
    try {
      await page.click('#tab-calls');
      await page.fill('#search', 'nonexistent-vat-report-input');
      await page.locator('#view-calls[data-query="nonexistent-vat-report-input"]').waitFor();
      const lines = ((await page.textContent('#view-calls pre')) ?? '').split('\n').filter(Boolean);
      assert.ok(lines.length >= 1);
      for (const l of lines) assert.match(l, /nonexistent-vat-report-input/);
      await page.fill('#search', `pid:${lines[0]?.match(/\[pid +(\d+)\]/)?.[1]}`);
      await page.locator('#view-calls[data-query^="pid:"]').waitFor();
      const pids = new Set(((await page.textContent('#view-calls pre')) ?? '').match(/\[pid +\d+\]/g));
      assert.equal(pids.size, 1, 'pid:N keeps one process');
      await page.focus('#tab-calls');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getAttribute('#tab-findings', 'aria-selected'), 'true');
    } finally {
      await close();
    }
  });
});

test('vat report refuses a bad output path before running the command', () => {
  const marker = join(dir, 'ran');
  const r = runVat(['report', '-o', dir, '--', 'touch', marker]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^vat: report: Can't fopen '.*': Is a directory\n$/);
  assert.throws(() => statSync(marker));
});
