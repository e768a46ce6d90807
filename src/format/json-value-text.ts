// A decoded value's JSON text written straight from the Value tree: the bytes of jsonText(jsonValue(v)) without
// building jsonValue's objects, for the record lines of vat import and convert (one per argument, the hot path).

import { plainText, quoteBytes, quoteFdPath } from '../model/quote.js';
import type { Value } from '../model/value.js';
import { hexText } from '../model/value-text.js';
import { jsonValue } from './json-value.js';
import { jsonText } from './json-writer.js';

const str = JSON.stringify;

/** A number as JSON writes it (jsonInt keeps a bigint's digits, and a number within 2^53 prints the same). */
const intText = (v: number | bigint): string =>
  typeof v === 'bigint' ? String(v) : Number.isFinite(v) ? String(v) : 'null';

export function jsonValueText(v: Value): string {
  switch (v.k) {
    case 'int':
      return intText(v.v);
    case 'hex':
      return `{"hex":${str(hexText(v.v))}}`;
    case 'oct':
      return `{"oct":${str(v.v === 0 ? '0' : `0${v.v.toString(8)}`)}}`;
    case 'ptr':
      return v.v === 0n ? '{"ptr":null}' : `{"ptr":${str(hexText(v.v))}}`;
    case 'str': {
      // most strings need no escape in either quoting: their text as is, not quoted twice
      const plain = plainText(v.bytes);
      const text = plain !== undefined ? `"${plain}"` : str(quoteBytes(v.bytes, false, 0).slice(1, -1));
      return v.more === undefined ? `{"str":${text}}` : `{"str":${text},"truncated":${v.more}}`;
    }
    case 'sym':
      return `{"sym":${str(v.text)}}`;
    case 'fd': {
      if (v.path === undefined)
        return v.detail === undefined
          ? `{"fd":${intText(v.fd)}}`
          : `{"fd":${intText(v.fd)},"detail":${str(v.detail)}}`;
      let out = `{"fd":${intText(v.fd)},"path":${str(v.path)}`;
      if (v.detail !== undefined && v.detail !== quoteFdPath(v.path)) out += `,"detail":${str(v.detail)}`;
      if (v.deleted) out += ',"deleted":true';
      return `${out}}`;
    }
    case 'struct': {
      if (!plainKeys(v.fields)) return jsonText(jsonValue(v));
      let out = '{"struct":{';
      for (let i = 0; i < v.fields.length; i++) {
        const [name, val] = v.fields[i] as readonly [string, Value];
        out += `${i === 0 ? '' : ','}${str(name === '' ? `_${i}` : name)}:${jsonValueText(val)}`;
      }
      return v.more ? `${out}},"abbreviated":true}` : `${out}}}`;
    }
    case 'array': {
      let out = '{"array":[';
      for (let i = 0; i < v.items.length; i++)
        out += `${i === 0 ? '' : ','}${jsonValueText(v.items[i] as Value)}`;
      return v.more ? `${out}],"truncated":true}` : `${out}]}`;
    }
    case 'commented':
      return `{"value":${jsonValueText(v.value)},"comment":${str(v.comment)}}`;
    case 'text':
      return `{"text":${str(v.text)}}`;
    case 'named':
      return `{"name":${str(v.name)},"value":${jsonValueText(v.value)}}`;
    case 'changed':
      return `{"before":${jsonValueText(v.before)},"after":${jsonValueText(v.after)}}`;
    case 'none':
      return 'null';
  }
}

/**
 * Whether a struct's field names become the object's keys in their own order: no integer-like name (an object
 * puts those first), no repeated name (the first place, the last value) and no `__proto__` (a setter, not a key).
 * The rare struct that fails this is written through jsonValue.
 */
function plainKeys(fields: readonly (readonly [string, Value])[]): boolean {
  if (fields.length > 32) return false;
  for (let i = 0; i < fields.length; i++) {
    const name = (fields[i] as readonly [string, Value])[0];
    const c = name.charCodeAt(0);
    if ((c >= 48 && c <= 57) || name === '__proto__') return false;
    for (let j = 0; j < i; j++) {
      const other = (fields[j] as readonly [string, Value])[0];
      if (other === name || (name === '' && other === `_${i}`) || (other === '' && name === `_${j}`))
        return false;
    }
  }
  return true;
}
