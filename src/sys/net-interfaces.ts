// Network interface names by index in vat's network namespace (what strace's if_indextoname answers), from sysfs.
import { readdirSync, readFileSync } from 'node:fs';

/** index -> name of every interface /sys/class/net lists now; empty without sysfs (indexes print as numbers). */
export function interfaceNames(): Map<number, string> {
  const names = new Map<number, string>();
  try {
    for (const name of readdirSync('/sys/class/net')) {
      try {
        names.set(Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim()), name);
      } catch {
        // an interface that vanished while listing
      }
    }
  } catch {
    // no sysfs
  }
  return names;
}
