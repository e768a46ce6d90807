#!/usr/bin/env python3
"""Which syscall names of the pinned kernel tables the installed libseccomp cannot resolve.

systemd's SystemCallFilter= (and Docker, runc) resolve names through libseccomp; a name it does not know is
skipped by systemd with a log line, so the call stays refused. vat's systemd export warns about such names.
Usage: scripts/extract-libseccomp-names.py > data/kernel/libseccomp-unknown.tsv
"""
import ctypes
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCHES = {  # AUDIT_ARCH values, as libseccomp's SCMP_ARCH_*
    'x86_64': (0xC000003E, 'syscall_64.tbl', ('common', '64')),
    'i386': (0x40000003, 'syscall_32.tbl', ('i386',)),
}

lib = ctypes.CDLL('libseccomp.so.2')
resolve = lib.seccomp_syscall_resolve_name_arch
resolve.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
resolve.restype = ctypes.c_int
version = subprocess.run(
    ['dpkg-query', '-W', '-f', '${Version}', 'libseccomp2'], capture_output=True, text=True, check=False
).stdout.strip()

print(f'# syscall names libseccomp2 {version} (Debian 12) does not resolve, per architecture')
print('# made by scripts/extract-libseccomp-names.py from the pinned syscall tables (see ORIGIN.md)')
print(f'#version\t{version}')
for arch, (audit, table, abis) in ARCHES.items():
    with open(os.path.join(ROOT, 'data', 'kernel', table), encoding='utf8') as f:
        for line in f:
            cols = line.split()
            if len(cols) < 3 or line.startswith('#') or cols[1] not in abis:
                continue
            if resolve(audit, cols[2].encode()) == -1:  # __NR_SCMP_ERROR (pseudo numbers are < -1)
                print(f'{arch}\t{cols[2]}')
sys.stdout.flush()
