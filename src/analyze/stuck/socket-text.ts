// `socket:[123]` in words for `vat stuck` (`TCP 127.0.0.1:8080 LISTEN`, `UNIX /run/x.sock`), from the
// process's /proc/net tables (its own network namespace) read through the ProcFs port.
import { procFile } from '../../sys/procfs.js';

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '0A': 'LISTEN',
};

function ipv4(hex: string): string {
  const [addr = '', port = ''] = hex.split(':');
  const bytes = (addr.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)).reverse();
  return `${bytes.join('.')}:${Number.parseInt(port, 16)}`;
}

/** `socket:[123]` as `TCP 127.0.0.1:8080 LISTEN` or `UNIX /run/x.sock`, from /proc/net (own network namespace). */
export function describeSocket(pid: number, target: string): string | undefined {
  const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
  if (!inode) return undefined;
  for (const proto of ['tcp', 'udp'] as const) {
    const rows = (procFile(pid, `net/${proto}`) ?? '').split('\n').slice(1);
    for (const row of rows) {
      const f = row.trim().split(/\s+/);
      if (f[9] !== inode) continue;
      const state = proto === 'tcp' ? ` ${TCP_STATES[f[3] ?? ''] ?? f[3]}` : '';
      const remote = f[2] && !/^0+:0+$/.test(f[2]) ? ` -> ${ipv4(f[2])}` : '';
      return `${proto.toUpperCase()} ${ipv4(f[1] ?? '')}${remote}${state}`;
    }
  }
  for (const row of (procFile(pid, 'net/unix') ?? '').split('\n').slice(1)) {
    const f = row.trim().split(/\s+/);
    if (f[6] === inode) return `UNIX ${f[7] ?? '(unnamed)'}`;
  }
  return undefined;
}
