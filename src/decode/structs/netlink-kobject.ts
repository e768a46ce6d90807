// NETLINK_KOBJECT_UEVENT buffers as strace's netlink_kobject_uevent.c prints them: libudev's monitor header
// (`{prefix="libudev", magic=htonl(0xfeedcafe), ...}`) and the properties after it as a string; kernel uevents
// ("change@/devices/...") and anything else as a plain string.
import { int, text, type Value } from '../../model/value.js';
import { byteBuffer } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { charArray } from './read.js';

/**
 * struct monitor_netlink_header, libudev's (systemd's src/libsystemd/sd-device/device-monitor.c; not a kernel
 * header): prefix char[8], then eight unsigned ints, magic and the filter words in network order.
 */
const UDEV_HEADER = {
  size: 40,
  prefix: 8,
  fields: [
    ['magic', 'htonl'],
    ['header_size', 'u'],
    ['properties_off', 'u'],
    ['properties_len', 'u'],
    ['filter_subsystem_hash', 'htonl'],
    ['filter_devtype_hash', 'htonl'],
    ['filter_tag_bloom_hi', 'htonl'],
    ['filter_tag_bloom_lo', 'htonl'],
  ],
} as const;
const LIBUDEV = 'libudev';

/** The buffer of `len` bytes at `addr` on a NETLINK_KOBJECT_UEVENT socket. */
export function kobjectUevent(c: CallContext, addr: bigint, len: number): Value {
  const bytes =
    !c.opts.noDeref && addr !== 0n && len >= UDEV_HEADER.size
      ? c.mem.read(addr, UDEV_HEADER.size)
      : undefined;
  if (!bytes || bytes.length < UDEV_HEADER.size) return byteBuffer(c, addr, len);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const nul = bytes.indexOf(0);
  if (nul !== LIBUDEV.length || Buffer.from(bytes.subarray(0, nul)).toString('latin1') !== LIBUDEV)
    return byteBuffer(c, addr, len);
  const fields: [string, Value][] = [['prefix', charArray(v, 0, UDEV_HEADER.prefix)]];
  UDEV_HEADER.fields.forEach(([name, how], i) => {
    const at = UDEV_HEADER.prefix + 4 * i;
    // PRINT_FIELD_HTONL_X: the host-order value in hex inside htonl(), whatever -X says
    fields.push([
      name,
      how === 'u' ? int(v.getUint32(at, true)) : text(`htonl(0x${v.getUint32(at, false).toString(16)})`),
    ]);
  });
  const header: Value = { k: 'struct', fields };
  if (len <= UDEV_HEADER.size) return header;
  return {
    k: 'array',
    items: [header, byteBuffer(c, addr + BigInt(UDEV_HEADER.size), len - UDEV_HEADER.size)],
  };
}
