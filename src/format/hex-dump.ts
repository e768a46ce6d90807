// -e read=/write= dumps as strace prints them after a call (util.c dumpstr, dumpiov_upto):
//  | 00000  68 65 6c 6c 6f 0a                                hello.           |
import type { DumpCut, IovDump, Value } from '../model/value.js';

const HEX = '0123456789abcdef';
const ROW = 16;

/** strace's dumpstr: 16 bytes a row, hex in two groups of 8, then the printable bytes (others as `.`). */
export function hexDump(bytes: Uint8Array, len = bytes.length): string {
  const n = Math.min(len, bytes.length);
  // the offset column widens past 1 MiB: 1 + ilog2(len - 1) / 4 hex digits
  const offsChars = len > 1 << 20 ? 1 + Math.floor(Math.floor(Math.log2(len - 1)) / 4) : 5;
  let out = '';
  for (let off = 0; off < n; off += ROW) {
    let hex = '';
    let ascii = '';
    for (let j = 0; j < ROW; j++) {
      const b = off + j < n ? (bytes[off + j] as number) : undefined;
      hex += b === undefined ? '   ' : `${HEX[b >> 4]}${HEX[b & 15]} `;
      if (j === 7 || j === 15) hex += ' ';
      ascii += b === undefined ? ' ' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    out += ` | ${off.toString(16).padStart(offsChars, '0')}  ${hex}${ascii} |\n`;
  }
  return out;
}

/** strace's line after a dump that unreadable memory cut short. */
const cutText = (cut: DumpCut | undefined): string =>
  cut
    ? ` | <Cannot fetch ${cut.len} byte${cut.len === 1 ? '' : 's'} from pid ${cut.pid} @0x${cut.addr.toString(16)}>\n`
    : '';

/** The dumps carried by a call's arguments, in argument order (strace's dumpio after the line). */
export function dumpsText(args: readonly Value[]): string {
  let out = '';
  for (const a of args) out += valueDumps(a);
  return out;
}

/** strace's dumpiov_upto: each buffer's header line, then its bytes. */
function buffersText(dump: readonly IovDump[]): string {
  let out = '';
  dump.forEach((d, i) => {
    out += ` * ${d.len} bytes in buffer ${i}\n${d.bytes ? hexDump(d.bytes, d.len) : ''}${cutText(d.cut)}`;
  });
  return out;
}

function valueDumps(v: Value): string {
  switch (v.k) {
    case 'str':
      return v.dump ? hexDump(v.dump) + cutText(v.dumpCut) : '';
    case 'array': {
      let out = v.dump ? buffersText(v.dump) : '';
      if (v.vectors)
        v.vectors.forEach((m, i) => {
          out += ` = ${m.iovlen} buffers in vector ${i}\n${buffersText(m.dump)}`;
        });
      for (const item of v.items) out += valueDumps(item);
      return out;
    }
    case 'struct': {
      let out = '';
      for (const [, f] of v.fields) out += valueDumps(f);
      return out;
    }
    case 'commented':
    case 'named':
      return valueDumps(v.value);
    case 'changed':
      return valueDumps(v.after);
    default:
      return '';
  }
}
