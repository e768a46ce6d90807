#!/usr/bin/env python3
"""Regenerates data/kernel/struct-layouts.tsv from a Linux tree's uapi headers (argument 1: an unpacked kernel source
or linux-headers-*-common tree): every struct named in data/kernel/struct-layouts.list, compiled by gcc with debug
information for x86_64 and read back with gdb's `ptype /o`, so byte offsets are the compiler's, never typed by hand.
One row per member (nested members as dotted paths, anonymous unions/structs flattened): struct, path, offset, C
storage type (u8..i64 by size and signedness, `struct` for an aggregate, `ptr`), element count (1 unless an array).
The first row of each struct is its size, with the path `.`."""
import os, re, subprocess, sys, tempfile

tree = os.path.realpath(sys.argv[1])
here = os.path.dirname(os.path.realpath(__file__))
listing = os.path.join(here, '..', 'data', 'kernel', 'struct-layouts.list')
headers, structs = [], []
for line in open(listing):
    line = line.split('#', 1)[0].split()
    if not line:
        continue
    headers.append(line[0])
    structs += line[1:]

work = tempfile.mkdtemp()
# raw uapi headers as `make headers` would export them: no __user, no compiler_types.h, asm/ falls back to asm-generic/
shim = os.path.join(work, 'shim')
os.makedirs(os.path.join(shim, 'asm'))
os.makedirs(os.path.join(shim, 'linux'))
open(os.path.join(shim, 'linux', 'compiler_types.h'), 'w').close()
x86 = os.path.join(tree, 'arch/x86/include/uapi')
for name in os.listdir(os.path.join(tree, 'include/uapi/asm-generic')):
    if not os.path.exists(os.path.join(x86, 'asm', name)):
        with open(os.path.join(shim, 'asm', name), 'w') as f:
            f.write(f'#include <asm-generic/{name}>\n')
flags = ['-w', '-g', '-D__user=', '-D__force=', '-D__iomem=', f'-I{shim}', f'-I{x86}', f'-I{tree}/include/uapi']

def compile_run(src, run):
    c, exe = os.path.join(work, 'x.c'), os.path.join(work, 'x')
    with open(c, 'w') as f:
        f.write(src)
    subprocess.run(['gcc', *flags, c, '-o', exe], check=True)
    return subprocess.run(run(exe), check=True, capture_output=True, text=True).stdout

prelude = '#include <stdio.h>\n#include <linux/types.h>\n' + ''.join(f'#include <{h}>\n' for h in headers)
decls = ''.join(f'struct {s} v{i};\n' for i, s in enumerate(structs))
gdb = compile_run(prelude + decls + 'int main(void) { return 0; }\n',
                  lambda exe: ['gdb', '-batch', '-nx'] + sum((['-ex', f'ptype /o struct {s}'] for s in structs), []) + [exe])

member = re.compile(r'^/\*\s+(\d+)(?::\s*\d+)?\s+\|\s+(\d+) \*/\s+(.*)$')
rows = []  # struct, path, offset, ctype text, size, count, aggregate?
chunks = gdb.split('/* offset      |    size */  type = struct ')[1:]
for s, chunk in zip(structs, chunks):
    stack = []  # names of the aggregates we are in (None: anonymous), with their rows to rename
    pending = []
    size = None
    for line in chunk.splitlines()[1:]:
        m = member.match(line)
        if m:
            off, sz, decl = int(m.group(1)), int(m.group(2)), m.group(3).strip()
            if decl.endswith('{'):
                stack.append([off, sz, decl, len(pending)])
                continue
            if ':' in decl.split('[')[0] and not decl.startswith('struct'):
                continue  # a bitfield: not addressable
            decl = decl.rstrip(';')
            name = re.split(r'[\s*]+', decl)[-1]
            count = 1
            am = re.match(r'(\w+)((?:\[\d+\])+)$', name)
            if am:
                name = am.group(1)
                dims = [int(d) for d in re.findall(r'\[(\d+)\]', am.group(2))]
                count = 1
                for d in dims:
                    count *= d
            pending.append([name, off, decl, sz, count, False])
            continue
        close = re.match(r'^\s*\}\s*(\w+)?(\[\d+\])?;', line)
        if close and stack:
            off, sz, decl, start = stack.pop()
            nm = close.group(1)
            if nm:
                count = int(close.group(2)[1:-1]) if close.group(2) else 1
                for r in pending[start:]:
                    r[0] = f'{nm}.{r[0]}'
                pending.insert(start, [nm, off, decl, sz, count, True])
            continue
        tm = re.search(r'total size \(bytes\):\s+(\d+)', line)
        if tm and not stack:
            size = int(tm.group(1))
    rows.append((s, '.', size, 'struct', 1))
    scalars = []
    for name, off, decl, sz, count, agg in pending:
        rows.append([s, name, off, decl, sz, count, agg])
        if not agg:
            scalars.append((len(rows) - 1, name, decl))

# signedness and element size of each scalar member, asked of the compiler
probe = []
for idx, row in enumerate(rows):
    if len(row) == 7 and not row[6]:
        s, name, off, decl, sz, count, agg = row
        elem = f'((struct {s} *)0)->{name}' + ('[0]' if count > 1 or re.search(r'\[\d+\]$', decl) else '')
        if '*' in decl or '(' in decl:
            probe.append((idx, None))
        else:
            probe.append((idx, f'printf("%d %d\\n", (int)((__typeof__({elem}))-1 < 0), (int)sizeof({elem}));\n'))
body = ''.join(p for _, p in probe if p)
answers = compile_run(prelude + 'int main(void) {\n' + body + 'return 0; }\n', lambda exe: [exe]).splitlines()
it = iter(answers)
out = ['# struct\tpath\toffset\ttype\tcount  (made by scripts/extract-layouts.py; see data/kernel/ORIGIN.md)']
scalar = {idx: next(it).split() if p else None for idx, p in probe}
for idx, row in enumerate(rows):
    if len(row) == 5:
        out.append(f'{row[0]}\t.\t{row[2]}\tstruct\t1')
        continue
    s, name, off, decl, sz, count, agg = row
    if agg:
        t = 'struct'
    elif scalar.get(idx) is None:
        t = 'ptr'
    else:
        sign, width = scalar[idx][0] == '1', int(scalar[idx][1])
        t = f"{'i' if sign else 'u'}{width * 8}" if width in (1, 2, 4, 8) else f'bytes{width}'
    out.append(f'{s}\t{name}\t{off}\t{t}\t{count}')
print('\n'.join(out))
