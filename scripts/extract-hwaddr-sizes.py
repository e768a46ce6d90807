#!/usr/bin/env python3
"""Derives data/kernel/strace-hwaddr-sizes.tsv: how many bytes of a hardware address strace shows per ARPHRD type.

usage: scripts/extract-hwaddr-sizes.py STRACE_6.1_TREE > data/kernel/strace-hwaddr-sizes.tsv

Reads the designated initializers of hwaddr_sizes[] in src/print_mac.c (facts only: each ARPHRD name, its size,
and the kernel constant strace names for it, such as ETH_ALEN). A type the table leaves out shows every byte.
"""
import re
import sys

ROW = re.compile(r'\[\s*(ARPHRD_\w+)\s*\]\s*=\s*([^,/]+?)\s*(?:/\*\s*([^*]*?)\s*\*/)?(?:\s*/\*[^*]*\*/)*\s*,')
SIZEOF = {'sizeof(short)': 2}


def main():
    tree = sys.argv[1]
    with open(f'{tree}/src/print_mac.c') as f:
        text = f.read()
    body = text[text.index('hwaddr_sizes[] = {'):]
    body = body[: body.index('};')]
    # one initializer may span lines (ARPHRD_IEEE802154 = 8 /* ... */)
    flat = re.sub(r'\s*\n\s*', ' ', body)
    print('# ARPHRD type, bytes of the hardware address strace shows, the kernel constant strace names for it')
    print('# (from strace 6.1 src/print_mac.c hwaddr_sizes[], made by scripts/extract-hwaddr-sizes.py;')
    print('# types not listed show every byte)')
    for name, size, why in ROW.findall(flat):
        size = SIZEOF.get(size.replace(' ', ''), size)
        print(f'{name}\t{int(size)}\t{why or "-"}')


main()
