// Extensible structs (open_how, mount_attr, landlock_ruleset_attr): fields, sizes too small, non-zero tails past
// the known struct, and landlock's version return, compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

test('openat2, mount_setattr and landlock_create_ruleset structs, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('extensible-structs');
  const opts = ['-y', '-e', 'trace=openat2,mount_setattr,landlock_create_ruleset'];
  // openat2's "nonexistent" is on a page nothing faulted in (EINVAL comes before the path is read): eBPF cannot
  // read it (README, Engines): pinned to ptrace
  const v = normalize(traceWith('vat', ['--engine', 'ptrace', ...opts], [exe]).trace);
  assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
  assert.match(
    v,
    /\{flags=O_WRONLY\|O_CREAT, mode=0644, resolve=RESOLVE_NO_XDEV\|RESOLVE_IN_ROOT\|0x100, \/\* bytes 24\.\.31 \*\/ "\\x80/,
  );
  assert.match(
    v,
    /^openat2\(AT_FDCWD<[^>]*>, "\/dev\/null", \{flags=O_RDONLY, resolve=0\}, 24\) = 3<\/dev\/null>/m,
  );
  assert.match(v, /propagation=MS_SLAVE, userns_fd=4<\/dev\/null>\}, 32\)/);
  assert.match(v, /propagation=ADDR \/\* MS_\?\?\? \*\/, userns_fd=4\}, 32\)/);
  assert.match(
    v,
    /^landlock_create_ruleset\(\{handled_access_fs=LANDLOCK_ACCESS_FS_EXECUTE\|LANDLOCK_ACCESS_FS_REFER\|0xc000, \.\.\.\}, 16, 0\)/m,
  );
});
