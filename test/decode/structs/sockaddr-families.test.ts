// Socket addresses of the less common families (AX.25, IPX, X.25, Bluetooth, RxRPC, IEEE 802.15.4, AF_ALG, NFC,
// vsock, QRTR, XDP, MCTP), compared with strace 6.1 in the three -X styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

test('socket addresses of every family strace decodes, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('sockaddr-families');
  for (const style of [[], ['-X', 'raw'], ['-X', 'verbose']]) {
    const opts = [...style, '-e', 'trace=connect'];
    const v = normalize(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
  }
  const v = traceWith('vat', ['-e', 'trace=connect'], [exe]).trace;
  assert.match(v, /\{sa_family=AF_AX25, sax25_call=N0CAL-3, sax25_ndigis=0\}/);
  assert.match(v, /fsa_digipeater=\[N0CAL-3, \.\.\.\]/);
  assert.match(v, /sipx_node=\[0x39, 0x40, /);
  assert.match(v, /l2_psm=htobs\(L2CAP_PSM_LE_DYN_START\+16\)/);
  assert.match(v, /srx_service=0x9c5 \/\* YFS_CM_SERVICE \*\/, transport_type=SOCK_DGRAM/);
  assert.match(
    v,
    /salg_feat=0x1000 \/\* CRYPTO_ALG_KERN_DRIVER_ONLY \*\/, salg_mask=0x80001001 \/\* CRYPTO_ALG_KERN_DRIVER_ONLY\|0x80000001 \*\//,
  );
  assert.match(v, /svm_cid=VMADDR_CID_ANY, svm_port=VMADDR_PORT_ANY, svm_flags=VMADDR_FLAG_TO_HOST/);
  assert.match(v, /smctp_network=MCTP_NET_ANY, smctp_addr=\{s_addr=MCTP_ADDR_NULL\}/);
});
