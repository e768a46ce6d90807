// NETLINK_KOBJECT_UEVENT buffers (libudev's monitor header and its properties, kernel uevents as strings),
// compared with strace 6.1 in the three -X styles and under -x.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, stylesOf, traceWith } from '../../helpers/strace-oracle.js';

for (const engine of ENGINES)
  test(`${engine}: kobject uevent buffers, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-kobject-uevent');
    for (const style of stylesOf(engine, [[], ['-X', 'raw'], ['-X', 'verbose'], ['-x']])) {
      const opts = [...style, '-e', 'trace=sendto'];
      const v = normalize(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace);
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    }
    const v = traceWith('vat', ['--engine', engine, '-e', 'trace=sendto'], [exe]).trace;
    assert.match(v, /sendto\(3, \{prefix="libudev", magic=htonl\(0xfeedcafe\), header_size=40, /);
    assert.match(v, /filter_tag_bloom_lo=htonl\(0x10800000\)\}, "ACTION=add\\0"\], 51, /);
    assert.match(v, /sendto\(3, "change@\\0\\376\\355\\312\\376/);
  });
