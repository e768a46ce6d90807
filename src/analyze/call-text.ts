// Short one-line renderings of calls for reports: `openat("/etc/app.conf", O_RDONLY)`, `read(3</tmp/x>, 1)`.
import type { JsonValue } from '../format/json-value.js';
import type { FdTable } from './fd-table.js';
import { type SyscallRec, shortText, strOf, unescapeText } from './source.js';

function valueShort(v: JsonValue, pid: number, fds: FdTable | undefined, max: number): string {
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v !== 'object' || Array.isArray(v)) return String(v);
  if (typeof v.str === 'string') return `"${shortText(unescapeText(v.str), max)}"${v.truncated ? '...' : ''}`;
  if (typeof v.sym === 'string') return v.sym.startsWith('AT_FDCWD<') ? 'AT_FDCWD' : v.sym;
  if (typeof v.fd === 'number') {
    const info = fds?.lookup(pid, v.fd, v);
    return info ? `${v.fd}<${info.path}>` : String(v.fd);
  }
  if ('hex' in v) return String(v.hex);
  if ('oct' in v) return String(v.oct);
  if ('ptr' in v) return v.ptr === null ? 'NULL' : String(v.ptr);
  if ('struct' in v) return '{...}';
  if ('array' in v) return '[...]';
  if ('value' in v && v.value !== undefined) return valueShort(v.value, pid, fds, max);
  if (typeof v.text === 'string') return v.text;
  return '...';
}

/** The first few arguments, enough to recognise the call; buffers the kernel fills are left out. */
export function callText(r: SyscallRec, fds?: FdTable, maxArgs = 3): string {
  const args = r.args
    .slice(0, maxArgs)
    .filter((a) => a.value !== null)
    .map((a) => valueShort(a.value, r.pid, fds, 48));
  return `${r.name}(${args.join(', ')}${r.args.length > maxArgs ? ', ...' : ''})`;
}

/** ` = -1 ENOENT`, ` = 3`, ` = ?`. */
export function resultText(r: SyscallRec): string {
  if (r.ret === null) return ' = ?';
  return r.errno !== null ? ` = -1 ${r.errno}` : ` = ${r.ret}`;
}

const WRITERS = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2', 'send', 'sendto']);

/** The bytes a write call wrote (as far as the -s limit kept them), for write/writev/sendto; else undefined. */
export function writtenText(r: SyscallRec): string | undefined {
  if (!WRITERS.has(r.name)) return undefined;
  const v = r.args[1]?.value;
  const direct = strOf(v);
  if (direct !== undefined) return direct;
  if (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray(v.array)) {
    let out = '';
    for (const item of v.array)
      if (
        item &&
        typeof item === 'object' &&
        !Array.isArray(item) &&
        item.struct &&
        typeof item.struct === 'object'
      )
        out += strOf((item.struct as Record<string, JsonValue>).iov_base) ?? '';
    return out;
  }
  return undefined;
}
