// NETLINK_SOCK_DIAG messages of AF_SMC (smc_diag_req, smc_diag_msg and its SMC_DIAG_* attributes), compared with
// strace 6.1 in the three -X styles. SMC_DIAG_DMBINFO's two fields of newer kernels are vat's own (6.12 headers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { ENGINES, hasStrace, normalize, stylesOf, traceWith } from '../../helpers/strace-oracle.js';

/** The fields strace 6.1's smcd_diag_dmbinfo does not have. */
const newer = (trace: string): string =>
  trace.replace(/, peer_gid_ext=0x[0-9a-f]+, my_gid_ext=0x[0-9a-f]+\}/g, '}');

for (const engine of ENGINES)
  test(`${engine}: AF_SMC sock_diag requests and responses, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('netlink-smc-diag');
    for (const style of stylesOf(engine, [[], ['-X', 'raw'], ['-X', 'verbose']])) {
      const opts = [...style, '-e', 'trace=sendto'];
      const v = normalize(newer(traceWith('vat', ['--engine', engine, ...opts], [exe]).trace));
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    }
    const v = traceWith('vat', ['--engine', engine, '-e', 'trace=sendto'], [exe]).trace;
    assert.match(
      v,
      /\{diag_family=AF_SMC, diag_ext=1<<\(SMC_DIAG_CONNINFO-1\)\|0x80, id=\{idiag_sport=htons\(80\)/,
    );
    assert.match(v, /diag_state=SMC_ACTIVE, diag_fallback=SMC_DIAG_MODE_SMCD, diag_shutdown=2, id=\{/);
    assert.match(
      v,
      /rx_prod=\{reserved=5, wrap=6, count=7\}, .*rx_prod_flags=0xff, rx_conn_state_flags=00, /,
    );
    assert.match(
      v,
      /\{lnk=\[\{link_id=3, ibname="mlx5_0", ibport=1, gid="fe80::1", peer_gid="g+"\.\.\.\}\], role=SMC_SERV\}/,
    );
    assert.match(
      v,
      /\{reason=0x3030000 \/\* SMC_CLC_DECL_NOSMCDEV \*\/, peer_diagnosis=0x12345678 \/\* SMC_CLC_DECL_\?\?\? \*\/\}/,
    );
    assert.match(v, /peer_token=0xd, peer_gid_ext=0xe, my_gid_ext=0xf\}/);
    assert.match(v, /\{diag_family=AF_SMC, \.\.\.\}/);
  });
