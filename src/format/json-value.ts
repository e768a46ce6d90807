// Decoded values as JSON: the same tree the strace formatter prints, in a shape scripts can walk.

import { quoteBytes, quoteFdPath } from '../model/quote.js';
import type { Value } from '../model/value.js';
import { hexText } from '../model/value-text.js';

/** bigint stands for an integer too large for a double: recordLine() writes its digits exactly. */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Integers within 2^53 as numbers; larger ones stay bigint and are written digit for digit. */
export const jsonInt = (v: number | bigint): number | bigint =>
  typeof v === 'number' ? v : v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;

/**
 * int -> number; hex/ptr -> {hex}/{ptr} (NULL -> {ptr: null}); str -> {str, truncated} with strace's escapes
 * (no quotes); sym -> {sym}; fd -> {fd, path}; struct -> {struct: {...}}; array -> {array: [...]}.
 */
export function jsonValue(v: Value): JsonValue {
  switch (v.k) {
    case 'int':
      return jsonInt(v.v);
    case 'hex':
      return { hex: hexText(v.v) };
    case 'oct':
      return { oct: v.v === 0 ? '0' : `0${v.v.toString(8)}` };
    case 'ptr':
      return { ptr: v.v === 0n ? null : hexText(v.v) };
    case 'str':
      return { str: quoteBytes(v.bytes, false, 0).slice(1, -1), truncated: v.more };
    case 'sym':
      return { sym: v.text };
    case 'fd': {
      if (v.path === undefined) return v.detail === undefined ? { fd: v.fd } : { fd: v.fd, detail: v.detail };
      const out: { [key: string]: JsonValue } = { fd: v.fd, path: v.path };
      // -yy's text only when it says more than the quoted path (an imported log's brackets hold quoted text)
      if (v.detail !== undefined && v.detail !== quoteFdPath(v.path)) out.detail = v.detail;
      if (v.deleted) out.deleted = true;
      return out;
    }
    case 'struct': {
      const fields: { [key: string]: JsonValue } = {};
      v.fields.forEach(([name, val], i) => {
        fields[name === '' ? `_${i}` : name] = jsonValue(val);
      });
      return v.more ? { struct: fields, abbreviated: true } : { struct: fields };
    }
    case 'array':
      return v.more ? { array: v.items.map(jsonValue), truncated: true } : { array: v.items.map(jsonValue) };
    case 'commented':
      return { value: jsonValue(v.value), comment: v.comment };
    case 'text':
      return { text: v.text };
    case 'named':
      return { name: v.name, value: jsonValue(v.value) };
    case 'changed':
      return { before: jsonValue(v.before), after: jsonValue(v.after) };
    case 'none':
      return null;
  }
}
