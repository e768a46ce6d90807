// Check a program's behaviour in a test (node:test here; vitest and jest take the same calls).
import { test } from 'node:test';
import { expectSyscalls } from 'vat-trace';

test('cat reads only under /etc and never touches the network', async () => {
  await expectSyscalls(['cat', '/etc/hostname']).toOpenOnly(['/etc/**']);
  await expectSyscalls(['cat', '/etc/hostname']).notToCall(['socket', 'connect']);
});
