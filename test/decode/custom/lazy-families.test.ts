// The decoder families loaded at their first name (src/decode/custom/index.ts, src/decode/structs/index.ts) answer every name they define: a name
// left out of index.ts's list would leave its argument undecoded (raw hex) in every trace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bpfAttr } from '../../../src/decode/custom/bpf-attr.js';
import { customDecoder } from '../../../src/decode/custom/index.js';
import { ioUringRegisterArg } from '../../../src/decode/custom/io-uring-register.js';
import { IOCTL_DECODERS } from '../../../src/decode/custom/ioctl.js';
import { IPC_DECODERS } from '../../../src/decode/custom/ipc.js';
import { KEYCTL_DECODERS } from '../../../src/decode/custom/keyctl.js';
import { NET_CUSTOM_DECODERS } from '../../../src/decode/custom/net.js';
import { PERF_DECODERS } from '../../../src/decode/custom/perf.js';
import { QUOTACTL_DECODERS } from '../../../src/decode/custom/quotactl.js';
import { structDecoder } from '../../../src/decode/structs/index.js';
import { NET_STRUCTS } from '../../../src/decode/structs/net.js';

const FAMILIES = {
  IOCTL_DECODERS,
  IPC_DECODERS,
  KEYCTL_DECODERS,
  NET_CUSTOM_DECODERS,
  PERF_DECODERS,
  QUOTACTL_DECODERS,
  bpf: { bpf_attr: bpfAttr },
  io_uring_register: { io_uring_register_arg: ioUringRegisterArg },
};

for (const [family, decoders] of Object.entries(FAMILIES))
  test(`${family}: each of its decoders is found by name`, () => {
    for (const [name, decoder] of Object.entries(decoders)) assert.equal(customDecoder(name), decoder, name);
  });

test('a name no decoder has, or an Object property, finds nothing', () => {
  assert.equal(customDecoder('no_such_decoder'), undefined);
  assert.equal(customDecoder('constructor'), undefined);
  assert.equal(customDecoder('__proto__'), undefined);
});

test('the networking struct decoders: each is found by name', () => {
  for (const [name, decoder] of Object.entries(NET_STRUCTS)) assert.equal(structDecoder(name), decoder, name);
  assert.equal(structDecoder('stat') !== undefined, true);
  assert.equal(structDecoder('constructor'), undefined);
});
