// -y paths are the tracee's choice: strace quotes them between the brackets (`\74` for `<`, `\"`, `\\`, octal for
// bytes that are not UTF-8) and marks a file the kernel says is deleted after them, but not a file named so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, tempDir } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

for (const flags of [['-y'], ['-y', '-x'], ['-y', '-xx']]) {
  test(`${flags.join(' ')} quotes fd paths as strace does`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const bin = fixture('fd-path-names');
    const dir = tempDir('vat-fdpath-');
    const opts = [...flags, '-e', 'trace=fsync'];
    const v = normalize(traceWith('vat', opts, [bin, dir]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [bin, dir]).trace));
    if (flags.length === 1) {
      assert.ok(v.includes('/a\\74b\\76c>)'), v);
      assert.ok(v.includes('/bytes\\200\\377>)'), v);
      assert.ok(v.includes('/named (deleted)>)'), v);
      assert.ok(v.includes('/gone>(deleted))'), v);
    }
  });
}
