// Values as strace prints them.

import { quoteFdPath, quoteForX } from './quote.js';
import type { Value } from './value.js';

export interface TextOptions {
  readonly xflag: 0 | 1 | 2 | 3;
}

/** C's `%#x`, as strace prints hex numbers: 0 stays `0`. */
export function hexText(v: number | bigint): string {
  const n = typeof v === 'bigint' ? v : BigInt(v);
  if (n === 0n) return '0';
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

export function valueText(v: Value, o: TextOptions): string {
  switch (v.k) {
    case 'int':
      return String(v.v);
    case 'hex':
      return hexText(v.v);
    case 'oct':
      return `0${v.v.toString(8)}`.padStart(3, '0');
    case 'ptr':
      return v.v === 0n ? 'NULL' : hexText(v.v);
    case 'str':
      return v.secontext === undefined
        ? quoteForX(v.bytes, v.more, o.xflag)
        : `${quoteForX(v.bytes, v.more, o.xflag)} [${v.secontext}]`;
    case 'sym':
      return v.text;
    case 'fd': {
      if (v.secontext !== undefined)
        return `${valueText({ ...v, secontext: undefined }, o)} [${v.secontext}]`;
      if (v.path === undefined && v.detail === undefined) return String(v.fd);
      // the path is the tracee's choice: quoted as strace quotes it (`\33`, `\74` for `<`); strace puts the
      // kernel's deleted mark outside the brackets
      const inner = v.detail ?? quoteFdPath(v.path ?? '', o.xflag);
      return v.deleted ? `${v.fd}<${inner}>(deleted)` : `${v.fd}<${inner}>`;
    }
    case 'struct': {
      const fields = v.fields.map(([name, val]) =>
        name === '' ? valueText(val, o) : `${name}=${valueText(val, o)}`,
      );
      if (v.more) fields.push('...');
      return `{${fields.join(', ')}}`;
    }
    case 'array': {
      const items = v.items.map((item) => valueText(item, o));
      if (v.more) items.push('...');
      return `[${items.join(', ')}]`;
    }
    case 'commented':
      return `${valueText(v.value, o)} /* ${v.comment} */`;
    case 'text':
      return v.text;
    case 'changed':
      return `${valueText(v.before, o)} => ${valueText(v.after, o)}`;
    case 'named':
      return `${v.name}=${valueText(v.value, o)}`;
    case 'none':
      return '';
  }
}
