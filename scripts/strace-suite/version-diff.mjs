// Whether a failed test differs from strace's expected output only by names and fields newer than strace 6.1
// (the reviewed list newer-than-6.1.tsv): every changed line pairs with one expected line that it matches once each
// listed field is dropped and each listed name stands for the number strace prints in its place (or, for a syscall,
// strace's syscall_0xNNN call is one vat names or, under -e trace=none, leaves out).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const LIST = join(HERE, 'newer-than-6.1.tsv');
const SYSCALLS = join(HERE, '..', '..', 'data', 'kernel', 'syscall_64.tbl');

/** x86_64 syscall numbers by name, from the pinned table. */
function syscallNumbers(file = SYSCALLS) {
  const out = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [nr, abi, name] = line.split(/\s+/);
    if (nr && name && /^\d+$/.test(nr) && abi !== 'x32') out.set(name, Number(nr));
  }
  return out;
}

/**
 * The reviewed list from the TSV: `names` and `fields` (sets), `syscalls` (a syscall strace 6.1 has no name
 * for -> `syscall_0xNNN`, as it prints the number) and `structAsAddr` (`{ call, op, raw }`: a call whose argument
 * newer strace prints as its address where strace 6.1 decoded the struct, for that opcode, by name or raw number).
 */
export function loadNewer(file = LIST) {
  const names = new Set();
  const fields = new Set();
  const syscalls = new Map();
  const structAsAddr = [];
  const flags = new Map();
  let numbers;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [kind, name, header, origin] = line.split('\t');
    if (!name || !header || !origin)
      throw new Error(`${file}: a row needs kind, name, header and origin: ${line}`);
    if (kind === 'name') names.add(name);
    else if (kind === 'flag') {
      // NAME=0xVALUE: a flag bit strace 6.1 folds into the hex rest of its flags
      const [flag, value] = name.split('=');
      if (!flag || !value || !/^0x[0-9a-f]+$/.test(value))
        throw new Error(`${file}: a flag row's name is NAME=0xVALUE: ${line}`);
      flags.set(flag, BigInt(value));
    } else if (kind === 'field') fields.add(name);
    else if (kind === 'struct-as-addr') {
      const [call, op, raw] = name.split('/');
      if (!call || !op || !raw)
        throw new Error(`${file}: a struct-as-addr row's name is CALL/OPNAME/RAW: ${line}`);
      structAsAddr.push({ call, op, raw });
    } else if (kind === 'syscall') {
      numbers ??= syscallNumbers();
      const nr = numbers.get(name);
      if (nr === undefined) throw new Error(`${file}: ${name} is not in ${SYSCALLS}`);
      syscalls.set(name, `syscall_0x${nr.toString(16)}`);
    } else throw new Error(`${file}: unknown kind ${kind}`);
  }
  return { names, fields, syscalls, structAsAddr, flags };
}

/** `line` without `, FIELD=VALUE` (VALUE up to the next `,` or `}` outside brackets) for each listed field. */
function dropFields(line, fields) {
  let out = line;
  for (const f of fields) {
    for (;;) {
      const at = out.indexOf(`, ${f}=`);
      if (at < 0) break;
      let i = at + f.length + 3;
      let depth = 0;
      for (; i < out.length; i++) {
        const ch = out[i];
        if (ch === '{' || ch === '[' || ch === '(') depth++;
        else if (ch === '}' || ch === ']' || ch === ')') {
          if (depth === 0) break;
          depth--;
        } else if (ch === ',' && depth === 0) break;
      }
      out = out.slice(0, at) + out.slice(i);
    }
  }
  return out;
}

const quoteRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// What strace prints for a value it has no name for: a number, maybe followed by a PREFIX_??? comment, or an ioctl
// request's encoding `_IOC(DIR, TYPE, NR, SIZE)`; under -Xverbose the comment after the number is one of those.
const IOC = String.raw`_IOC\((?:_IOC_NONE|_IOC_READ|_IOC_WRITE|_IOC_READ\|_IOC_WRITE), 0x[0-9a-f]+, 0x[0-9a-f]+, (?:0x[0-9a-f]+|0)\)`;
const UNKNOWN_COMMENT = String.raw`(?: /\* (?:[A-Z0-9_]*\?\?\?|${IOC}) \*/)?`;
const RAW = String.raw`(?:-?(?:0x[0-9a-f]+|\d+)(?: /\* [A-Z0-9_]*\?\?\? \*/)?|${IOC})`;

// placeholders foldFlags leaves for versionOnlyLine's pattern: strace's optional `/* PREFIX_??? */` after a number
// it has no name for, and the PREFIX_??? itself inside an -Xverbose comment
const UNKNOWN_AFTER = '\u0001';
const UNKNOWN_INSIDE = '\u0002';

/**
 * vat's `A|FLAG|B|0xrest` as strace 6.1 prints it without FLAG: `A|B|0x(rest|FLAG)`, or, when no name is left, the
 * number alone (with strace's optional `/* X_??? *\/`, or X_??? as an -Xverbose comment's content).
 */
function foldFlags(line, flags) {
  let out = line;
  for (const [flag, value] of flags ?? []) {
    const chain = new RegExp(
      String.raw`(=|\[|\(|/\* |, )((?:(?:1<<)?[A-Z_][A-Z0-9_]*\|)*)${flag}((?:\|(?:1<<)?[A-Z_][A-Z0-9_]*)*)(?:\|0x([0-9a-f]+))?(?=[,})\] ]|$)`,
      'g',
    );
    out = out.replace(chain, (_m, lead, before, after, rest) => {
      const names = `${before}${after.slice(1)}`.replace(/\|$/, '').replace(/^\|/, '');
      const hex = `0x${((rest ? BigInt(`0x${rest}`) : 0n) | value).toString(16)}`;
      if (names) return `${lead}${names}|${hex}`;
      return lead === '/* ' ? `${lead}${UNKNOWN_INSIDE}` : `${lead}${hex}${UNKNOWN_AFTER}`;
    });
  }
  return out;
}

/** Whether expected line `exp` is vat's line `got` with the listed names and fields as strace 6.1 shows them. */
export function versionOnlyLine(exp, got, newer) {
  let line = foldFlags(dropFields(got, newer.fields), newer.flags);
  // a syscall strace 6.1 has no name for: it prints the number
  for (const [name, raw] of newer.syscalls ?? [])
    line = line.replace(new RegExp(`^((?:\\[pid +\\d+\\] )?)${name}\\(`), `$1${raw}(`);
  if (line === exp) return true;
  let pattern = quoteRegExp(line);
  // newer strace leaves this opcode's struct undecoded: vat's address may stand for strace 6.1's `{...}`
  const call = line.replace(/^\[pid +\d+\] /, '');
  const asAddr = (newer.structAsAddr ?? []).some(
    (r) =>
      call.startsWith(`${r.call}(`) &&
      (new RegExp(`\\b${r.op}\\b`).test(call) || call.includes(`, ${r.raw}, `)),
  );
  if (asAddr) pattern = pattern.replace(/0x[0-9a-f]+/g, String.raw`(?:0x[0-9a-f]+|\{.*\})`);
  for (const n of newer.names) {
    // -Xverbose: `0xa /* SEGV_CPERR */` where strace has no comment (or a ??? or _IOC one); elsewhere the bare name
    pattern = pattern
      .replaceAll(quoteRegExp(` /* ${n} */`), UNKNOWN_COMMENT)
      .replace(new RegExp(`\\b${n}\\b`, 'g'), RAW);
  }
  pattern = pattern
    .replaceAll(UNKNOWN_AFTER, String.raw`(?: /\* [A-Z0-9_]*\?\?\? \*/)?`)
    .replaceAll(UNKNOWN_INSIDE, String.raw`[A-Z0-9_]*\?\?\?`);
  return new RegExp(`^${pattern}$`).test(exp);
}

/**
 * Whether expected line `exp` is a call strace 6.1 printed as `syscall_0xNNN(...)` that vat, knowing the number,
 * leaves out (strace always traces a number it has no name for, even under `-e trace=none`).
 */
function unknownToStrace(exp, newer) {
  const call = exp.replace(/^\[pid +\d+\] /, '');
  return [...(newer.syscalls?.values() ?? [])].some((raw) => call.startsWith(`${raw}(`));
}

/** The changed blocks of the first unified diff in `log`: pairs of removed (expected) and added (vat's) lines. */
function changedBlocks(log) {
  const lines = log.split('\n');
  const start = lines.findIndex((l, i) => l.startsWith('--- ') && lines[i + 1]?.startsWith('+++ '));
  if (start < 0) return undefined;
  const blocks = [];
  let cur;
  for (const l of lines.slice(start + 2)) {
    if (l.startsWith('-')) {
      if (!cur || cur.got.length > 0) {
        cur = { exp: [], got: [] };
        blocks.push(cur);
      }
      cur.exp.push(l.slice(1));
    } else if (l.startsWith('+')) {
      if (!cur) {
        cur = { exp: [], got: [] };
        blocks.push(cur);
      }
      cur.got.push(l.slice(1));
    } else if (l.startsWith(' ') || l.startsWith('@@')) cur = undefined;
    else break;
  }
  return blocks;
}

/** Whether the test whose harness log is `log` fails only by listed names and fields (false without a diff). */
export function versionOnly(log, newer = loadNewer()) {
  const blocks = changedBlocks(log);
  if (!blocks || blocks.length === 0) return false;
  return blocks.every(
    (b) =>
      (b.exp.length === b.got.length && b.exp.every((e, i) => versionOnlyLine(e, b.got[i] ?? '', newer))) ||
      (b.got.length === 0 && b.exp.every((e) => unknownToStrace(e, newer))),
  );
}
