#!/usr/bin/env python3
"""Derives data/kernel/strace-trace-classes.tsv: the trace-class flags strace gives each x86_64 syscall.

usage: scripts/extract-trace-classes.py STRACE_6.1_TREE LATER_STRACE_TREE LATER_VERSION SYSCALL_64_TBL

Reads src/linux/x86_64/syscallent.h and src/linux/generic/syscallent-common.h of both trees (facts only:
name and flags). Every name strace 6.1 knows keeps 6.1's flags; a name of the pinned kernel table that 6.1
does not know takes the later release's. The class names and their flags come from 6.1's basic_filters.c.
"""
import re
import sys

ENTRY = re.compile(r'^\[\s*(?:BASE_NR\s*\+\s*)?(\d+)\s*\]\s*=\s*\{\s*\d+\s*,\s*([^,]*),\s*SEN\([^)]*\),\s*"([^"]+)"')
CLASS = re.compile(r'\{\s*(TRACE_\w+)\s*,\s*"(%+\w+)"\s*\}')
SHORT = re.compile(r'^#\s*define\s+(\w+)\s+(TRACE_\w+)\s*$')


def entries(tree):
    out = {}
    for rel in ('src/linux/x86_64/syscallent.h', 'src/linux/generic/syscallent-common.h'):
        with open(f'{tree}/{rel}') as f:
            for line in f:
                m = ENTRY.match(line)
                if m:
                    flags = [t.strip() for t in m.group(2).split('|') if t.strip() not in ('0', '')]
                    out.setdefault(m.group(3), (int(m.group(1)), flags))
    return out


def main():
    old_tree, new_tree, new_version, tbl = sys.argv[1:5]
    old, new = entries(old_tree), entries(new_tree)
    short = {}
    with open(f'{old_tree}/src/sysent_shorthand_defs.h') as f:
        for line in f:
            m = SHORT.match(line.strip())
            if m:
                short[m.group(2)] = m.group(1)
    with open(f'{old_tree}/src/basic_filters.c') as f:
        classes = CLASS.findall(f.read())
    kernel = []
    with open(tbl) as f:
        for line in f:
            cells = line.split()
            if len(cells) >= 3 and not line.startswith('#') and cells[1] in ('common', '64'):
                kernel.append(cells[2])
    print('# strace trace classes (-e trace=%CLASS) of x86_64 syscalls, made by scripts/extract-trace-classes.py')
    print(f'# from strace 6.1; calls of the pinned kernel that 6.1 does not know: strace {new_version}')
    # the order vat lists a call's classes in (`vat syscalls`), kept from its first table; others after
    order = ['%file', '%desc', '%network', '%net', '%process', '%memory', '%signal', '%ipc', '%creds', '%clock',
             '%stat', '%lstat', '%fstat', '%%stat', '%statfs', '%fstatfs', '%%statfs', '%pure']
    classes.sort(key=lambda c: order.index(c[1]) if c[1] in order else len(order))
    for flag, name in classes:
        if flag in short:
            print(f'#class\t{name}\t{short[flag]}')
    names = set(old) | {n for n in kernel if n in new}
    rows = sorted(((old.get(n) or new[n])[0], n) for n in names)
    for nr, n in rows:
        flags = (old.get(n) or new[n])[1]
        src = '6.1' if n in old else new_version
        print(f'{n}\t{"|".join(flags) or "-"}\t{src}')


main()
