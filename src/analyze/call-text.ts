// Short one-line renderings of calls for reports: `openat("/etc/app.conf", O_RDONLY)`, `read(3</tmp/x>, 1)`.
import { argCount, argOf } from '../import/line-call.js';
import type { Call } from '../model/call.js';
import type { Value } from '../model/value.js';
import { hexText } from '../model/value-text.js';
import type { FdTable } from './fd-table.js';
import { shortText } from './source.js';
import { errnoOf, fieldOf, strOf } from './values.js';

function valueShort(v: Value, pid: number, fds: FdTable | undefined, max: number): string {
  switch (v.k) {
    case 'none':
      return '';
    case 'int':
      return String(v.v);
    case 'str':
      return `"${shortText(strOf(v) as string, max)}"${v.more ? '...' : ''}`;
    case 'sym':
      return v.text.startsWith('AT_FDCWD<') ? 'AT_FDCWD' : v.text;
    case 'fd': {
      const info = fds?.lookup(pid, v.fd, v);
      return info ? `${v.fd}<${info.path}>` : String(v.fd);
    }
    case 'hex':
      return hexText(v.v);
    case 'oct':
      return v.v === 0 ? '0' : `0${v.v.toString(8)}`;
    case 'ptr':
      return v.v === 0n ? 'NULL' : hexText(v.v);
    case 'struct':
      return '{...}';
    case 'array':
      return '[...]';
    case 'commented':
    case 'named':
      return valueShort(v.value, pid, fds, max);
    case 'text':
      return v.text;
    case 'changed':
      return '...';
  }
}

/** The first few arguments, enough to recognise the call; buffers the kernel fills are left out. */
export function callText(c: Call, fds?: FdTable, maxArgs = 3): string {
  const n = argCount(c);
  const args: string[] = [];
  for (let i = 0; i < n && i < maxArgs; i++) {
    const v = argOf(c, i) as Value;
    if (v.k !== 'none') args.push(valueShort(v, c.pid, fds, 48));
  }
  return `${c.name}(${args.join(', ')}${n > maxArgs ? ', ...' : ''})`;
}

/** ` = -1 ENOENT`, ` = 3`, ` = ?`. */
export function resultText(c: Call): string {
  if (c.ret === undefined) return ' = ?';
  const errno = errnoOf(c);
  return errno !== null ? ` = -1 ${errno}` : ` = ${c.ret}`;
}

const WRITERS = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2', 'send', 'sendto']);

/** The bytes a write call wrote (as far as the -s limit kept them), for write/writev/sendto; else undefined. */
export function writtenText(c: Call): string | undefined {
  if (!WRITERS.has(c.name) || argCount(c) < 2) return undefined;
  const v = argOf(c, 1);
  const direct = strOf(v);
  if (direct !== undefined) return direct;
  if (v?.k === 'array') {
    let out = '';
    for (const item of v.items) if (item.k === 'struct') out += strOf(fieldOf(item, 'iov_base')) ?? '';
    return out;
  }
  return undefined;
}
