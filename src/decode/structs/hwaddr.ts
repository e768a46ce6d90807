// Hardware (link-layer) addresses as strace's print_hwaddr shows them: `52:54:00:12:34:56`, only as many bytes as
// the device type's address holds (strace's hwaddr_sizes, generated from data/kernel/strace-hwaddr-sizes.tsv).
import { HWADDR_SIZES } from '../../tables/generated/hwaddr-sizes.js';
import { lookupXlat } from '../xlat.js';
import { netBytes } from './inet.js';

/** print_mac.c's MAX_ADDR_LEN: a longer address prints only as a hex string. */
export const MAX_ADDR_LEN = 32;
/** What a type with no size of its own shows: every byte. */
const EVERY_BYTE = 255;

let sizes: ReadonlyMap<number, number> | undefined;

/** Bytes of an ARPHRD `type` address strace shows (sprint_hwaddr's hwaddr_sizes), every byte when unlisted. */
export function hwaddrSize(type: number): number {
  sizes ??= new Map(
    (lookupXlat('arp_hardware_type')?.values ?? []).flatMap(([name, value]) => {
      const size = HWADDR_SIZES[name];
      return size === undefined ? [] : [[value, size] as const];
    }),
  );
  return sizes.get(type) ?? EVERY_BYTE;
}

/** print_hwaddr of `bytes` (at most MAX_ADDR_LEN): the hex string under -X raw/verbose, the colon form otherwise. */
export function hwaddrText(bytes: Uint8Array, type: number): string {
  const shown = bytes.subarray(0, Math.min(bytes.length, hwaddrSize(type)));
  const colons = Array.from(shown, (x) => x.toString(16).padStart(2, '0')).join(':');
  return netBytes(bytes, 0, bytes.length, colons);
}
