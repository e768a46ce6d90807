// strace's syscall set grammar (`-e trace=open,%file,/^stat,!close,?nosuch,all,none`) into a set of names.
import { UsageError } from '../errors.js';
import { TRACE_CLASSES } from '../tables/classes.js';
import { listSyscalls } from '../tables/syscalls.js';
import { didYouMean } from '../util/suggest.js';

const allNames = (): string[] => listSyscalls('x86_64').map((s) => s.name);

/** The selected x86_64 syscall names, or undefined when every syscall is selected. */
export function parseTraceSet(spec: string): Set<string> | undefined {
  let text = spec;
  let negate = false;
  if (text.startsWith('!')) {
    negate = true;
    text = text.slice(1);
  }
  const names = allNames();
  const selected = new Set<string>();
  for (const rawItem of text.split(',')) {
    let item = rawItem.trim();
    const optional = item.startsWith('?');
    if (optional) item = item.slice(1);
    if (item === '') throw new UsageError(`invalid system call '${rawItem}'`);
    // strace's personality suffix: @64 is x86_64 (what vat's set holds), @32 and @x32 select other ABIs' calls
    const abi = /@(64|32|x32)$/.exec(item);
    if (abi) {
      const base = item.slice(0, abi.index);
      if (base === '' || base.startsWith('!')) throw new UsageError(`invalid system call '${item}'`);
      const part = otherAbi(base, optional, item);
      if (abi[1] === '64') for (const n of part) selected.add(n);
      continue;
    }
    if (item === 'all') for (const n of names) selected.add(n);
    else if (item === 'none') continue;
    else if (item.startsWith('%') || (`%${item}` in TRACE_CLASSES && !names.includes(item))) {
      const cls = (item.startsWith('%') ? item : `%${item}`) as keyof typeof TRACE_CLASSES;
      const list = TRACE_CLASSES[cls];
      if (!list) {
        if (optional) continue;
        throw new UsageError(`invalid system call '${item}'${didYouMean(item, Object.keys(TRACE_CLASSES))}`);
      }
      for (const n of list) selected.add(n);
    } else if (item.startsWith('/')) {
      let re: RegExp;
      try {
        re = new RegExp(item.slice(1));
      } catch (err) {
        throw new UsageError(`invalid system call '${item}': ${(err as Error).message}`);
      }
      const before = selected.size;
      for (const n of names) if (re.test(n)) selected.add(n);
      if (selected.size === before && !optional) throw new UsageError(`invalid system call '${item}'`);
    } else if (names.includes(item)) selected.add(item);
    else if (!optional) throw new UsageError(`invalid system call '${item}'${didYouMean(item, names)}`);
  }
  if (!negate) return selected.size === names.length ? undefined : selected;
  return new Set(names.filter((n) => !selected.has(n)));
}

/** One item with a personality suffix: its x86_64 names (checked the same way; `item` names it in errors). */
function otherAbi(base: string, optional: boolean, item: string): string[] {
  try {
    return [...(parseTraceSet(`${optional ? '?' : ''}${base}`) ?? allNames())];
  } catch {
    throw new UsageError(`invalid system call '${item}'`);
  }
}
