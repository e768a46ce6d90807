// strace's trace classes (`-e trace=%file`) from data/kernel/strace-trace-classes.tsv: each class and the
// flag that marks its calls (`#class NAME FLAG`), then each x86_64 call with its flags, in number order.

export function renderTraceClasses(tsv: string, header: string): string {
  const classes: [string, string][] = [];
  const calls: [string, string[]][] = [];
  tsv.split('\n').forEach((line, i) => {
    if (line === '') return;
    const cells = line.split('\t');
    if (cells[0] === '#class') {
      if (cells.length !== 3) throw new Error(`strace-trace-classes.tsv:${i + 1}: expects #class NAME FLAG`);
      classes.push([cells[1] as string, cells[2] as string]);
    } else if (!line.startsWith('#')) {
      if (cells.length !== 3) throw new Error(`strace-trace-classes.tsv:${i + 1}: expects NAME FLAGS ORIGIN`);
      calls.push([cells[0] as string, cells[1] === '-' ? [] : (cells[1] as string).split('|')]);
    }
  });
  if (classes.length === 0) throw new Error('strace-trace-classes.tsv: no #class line');
  const rows = classes.map(([name, flag]) => {
    const names = calls.filter(([, flags]) => flags.includes(flag)).map(([n]) => `'${n}'`);
    if (names.length === 0) throw new Error(`strace-trace-classes.tsv: class ${name} (${flag}) has no call`);
    return `  '${name}': [${names.join(', ')}],`;
  });
  return `${header}\n/** strace's trace classes (-e trace=%CLASS): the x86_64 calls each selects, in number order. */\nexport const TRACE_CLASSES = {\n${rows.join('\n')}\n} as const satisfies Readonly<Record<string, readonly string[]>>;\n`;
}
