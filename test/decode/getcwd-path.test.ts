// getcwd's buffer is a path the kernel filled: strace prints it whole up to the returned length (printpathn),
// not cut at -s; compared with strace 6.1 in a directory whose name is longer than -s.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../helpers/strace-oracle.js';

test('getcwd shows the whole path whatever -s, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const dir = join(tempDir('vat-getcwd-'), 'a-directory-name-longer-than-the-string-limit');
  mkdirSync(dir);
  const opts = ['-e', 'trace=getcwd', '-s', '8'];
  const v = normalize(traceWith('vat', opts, ['/bin/pwd'], dir).trace);
  assert.equal(v, normalize(traceWith('strace', opts, ['/bin/pwd'], dir).trace));
  assert.ok(v.includes(`getcwd("${dir}", `), v);
});
