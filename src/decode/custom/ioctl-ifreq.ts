// Network interface requests on a socket (struct ifreq of uapi/linux/if.h), as strace's sock_ioctl and print_ifreq
// show them: setters print the name and the member they set at entry; getters the name at entry and the member
// the kernel filled at exit; the bridge requests a name or an interface index.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { hwaddrText } from '../structs/hwaddr.js';
import { ifindexText } from '../structs/inet.js';
import { charArray, xint } from '../structs/read.js';
import { sockaddrOf } from '../structs/sockaddr.js';
import type { Shape } from './ioctl-shape.js';
import { boundedString, derefView, enumOf, flagsOf, view } from './util.js';

/** struct ifreq (include/uapi/linux/if.h): ifr_name[16], then a 24-byte union. */
export const IFREQ = { size: 40, name: 0, nameSize: 16, union: 16 } as const;
export const ifrName = (v: DataView): Value => charArray(v, IFREQ.name, IFREQ.nameSize);

/** A union member as strace's print_ifreq names and prints it. */
type IfreqField = readonly [name: string, print: (c: CallContext, v: DataView) => Value];
const ifrInt = (name: string): IfreqField => [name, (_c, v) => int(v.getInt32(IFREQ.union, true))];
export const ifrSockaddr = (name: string): IfreqField => [
  name,
  (c, v) => sockaddrOf(c, new Uint8Array(v.buffer, v.byteOffset + IFREQ.union, 16), 16),
];
/** A char[IFNAMSIZ] member (ifr_slave, ifr_newname). */
const ifrString = (name: string): IfreqField => [name, (_c, v) => charArray(v, IFREQ.union, IFREQ.nameSize)];
const IFR_FLAGS: IfreqField = ['ifr_flags', (_c, v) => flagsOf('iff_flags', v.getUint16(IFREQ.union, true))];

/** ifr_hwaddr, a struct sockaddr: the device type, then the address sized by it (print_ifr_hwaddr). */
const SA_DATA = { family: 0, data: 2, size: 14 } as const;
const IFR_HWADDR: IfreqField = [
  'ifr_hwaddr',
  (_c, v) => {
    const type = v.getUint16(IFREQ.union + SA_DATA.family, true);
    const data = new Uint8Array(v.buffer, v.byteOffset + IFREQ.union + SA_DATA.data, SA_DATA.size);
    return {
      k: 'struct',
      fields: [
        ['sa_family', enumOf('arp_hardware_type', type)],
        ['sa_data', sym(hwaddrText(data, type))],
      ],
    };
  },
];

/** ifr_map, a struct ifmap: every member in hex (print_ifr_map). */
const MAP = STRUCTS.ifmap.fields;
const IFR_MAP: IfreqField = [
  'ifr_map',
  (_c, v) => {
    const at = IFREQ.union;
    return {
      k: 'struct',
      fields: [
        ['mem_start', xint(v.getBigUint64(at + MAP.mem_start.off, true))],
        ['mem_end', xint(v.getBigUint64(at + MAP.mem_end.off, true))],
        ['base_addr', xint(v.getUint16(at + MAP.base_addr.off, true))],
        ['irq', xint(v.getUint8(at + MAP.irq.off))],
        ['dma', xint(v.getUint8(at + MAP.dma.off))],
        ['port', xint(v.getUint8(at + MAP.port.off))],
      ],
    };
  },
];

/**
 * SIOCGIF*: `{ifr_name="lo"` from the caller at entry, then the member the kernel filled at exit (SIOCGIFNAME
 * the other way round: the index in, the name out); `{ifr_name="lo"}` alone when the call failed.
 */
function ifreqGet(field: IfreqField, byIndex = false): Shape {
  return {
    inout: {
      // umove_or_printaddr: the address under -e verbose=none too
      in: (c, a) => derefView(c, a, IFREQ.size),
      out: (c, a, before) => {
        const head: [string, Value] = byIndex
          ? ['ifr_ifindex', int(before.getInt32(IFREQ.union, true))]
          : ['ifr_name', ifrName(before)];
        const after = c.failed ? undefined : view(c, a, IFREQ.size);
        return { k: 'struct', fields: after ? [head, [field[0], field[1](c, after)]] : [head] };
      },
    },
  };
}

/** SIOCSIF*, SIOCADD/DELMULTI: `{ifr_name="lo", member}` at entry, the address when unreadable. */
const ifreqSet = (field: IfreqField): Shape => ({
  in: (c, a) => {
    const v = derefView(c, a, IFREQ.size);
    if (!v) return ptr(a);
    return {
      k: 'struct',
      fields: [
        ['ifr_name', ifrName(v)],
        [field[0], field[1](c, v)],
      ],
    };
  },
});

/** SIOCBRADDIF/DELIF: the interface to add or remove, by index (`if_nametoindex("eth0")` when it exists here). */
const bridgeInterface: Shape = {
  in: (c, a) => {
    const v = derefView(c, a, IFREQ.size);
    if (!v) return ptr(a);
    return { k: 'struct', fields: [['ifr_ifindex', sym(ifindexText(c, v.getUint32(IFREQ.union, true)))]] };
  },
};

/** SIOCBRADDBR/DELBR: the bridge's name, at most IFNAMSIZ bytes. */
const bridgeName: Shape = { in: (c, a) => boundedString(c, a, IFREQ.nameSize) };

const HWADDR = ifreqSet(IFR_HWADDR);

export const IFREQ_SHAPES: Readonly<Record<string, Shape>> = {
  SIOCGIFINDEX: ifreqGet(ifrInt('ifr_ifindex')),
  SIOCGIFMTU: ifreqGet(ifrInt('ifr_mtu')),
  SIOCGIFMETRIC: ifreqGet(ifrInt('ifr_metric')),
  SIOCGIFTXQLEN: ifreqGet(ifrInt('ifr_qlen')),
  SIOCGIFFLAGS: ifreqGet(IFR_FLAGS),
  SIOCGIFNAME: ifreqGet(['ifr_name', (_c, v) => ifrName(v)], true),
  SIOCGIFADDR: ifreqGet(ifrSockaddr('ifr_addr')),
  SIOCGIFDSTADDR: ifreqGet(ifrSockaddr('ifr_dstaddr')),
  SIOCGIFBRDADDR: ifreqGet(ifrSockaddr('ifr_broadaddr')),
  SIOCGIFNETMASK: ifreqGet(ifrSockaddr('ifr_netmask')),
  SIOCGIFHWADDR: ifreqGet(IFR_HWADDR),
  SIOCGIFMAP: ifreqGet(IFR_MAP),
  SIOCGIFSLAVE: ifreqGet(ifrString('ifr_slave')),
  SIOCSIFADDR: ifreqSet(ifrSockaddr('ifr_addr')),
  SIOCSIFDSTADDR: ifreqSet(ifrSockaddr('ifr_dstaddr')),
  SIOCSIFBRDADDR: ifreqSet(ifrSockaddr('ifr_broadaddr')),
  SIOCSIFNETMASK: ifreqSet(ifrSockaddr('ifr_netmask')),
  SIOCSIFFLAGS: ifreqSet(IFR_FLAGS),
  SIOCSIFMETRIC: ifreqSet(ifrInt('ifr_metric')),
  SIOCSIFMTU: ifreqSet(ifrInt('ifr_mtu')),
  SIOCSIFTXQLEN: ifreqSet(ifrInt('ifr_qlen')),
  SIOCSIFSLAVE: ifreqSet(ifrString('ifr_slave')),
  SIOCSIFNAME: ifreqSet(ifrString('ifr_newname')),
  SIOCSIFMAP: ifreqSet(IFR_MAP),
  SIOCSIFHWADDR: HWADDR,
  SIOCSIFHWBROADCAST: HWADDR,
  SIOCADDMULTI: HWADDR,
  SIOCDELMULTI: HWADDR,
  SIOCBRADDIF: bridgeInterface,
  SIOCBRDELIF: bridgeInterface,
  SIOCBRADDBR: bridgeName,
  SIOCBRDELBR: bridgeName,
};
