// Interface requests (struct ifreq) compared with strace 6.1 on a fixture: the setters, the getters' members after
// an injected success, hardware addresses cut to their device type's size (the generated hwaddr sizes), the bridge
// requests, in each -X style and under -v, -s 3 and -e verbose=none.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'interface (ifreq)',
  fixture: 'ioctl-ifreq',
  // the bridge names are on a .rodata page nothing faulted in (EBADF comes first): eBPF cannot read it (README)
  ptrace: true,
  optionSets: [...IOCTL_OPTION_SETS, ['-e', 'verbose=none'], ['-s', '3']],
  check: (v, extra) => {
    if (extra.length !== 0) return;
    assert.match(v, /SIOCSIFMTU, \{ifr_name="eth0", ifr_mtu=9000\}/);
    assert.match(v, /sa_family=ARPHRD_ETHER, sa_data=a0:a1:a2:a3:a4:a5\}/);
    assert.match(v, /sa_family=ARPHRD_NETROM, sa_data=a0:a1:a2:a3:a4:a5:a6\}/);
    assert.match(v, /sa_family=ARPHRD_ARCNET, sa_data=a0\}/);
    assert.match(v, /ifr_map=\{mem_start=0xd0000, mem_end=0, base_addr=0x300, irq=0x5, dma=0, port=0\}/);
    assert.match(v, /SIOCBRADDBR, "br0"\)/);
  },
});
