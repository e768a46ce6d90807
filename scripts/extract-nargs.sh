#!/usr/bin/env bash
# Regenerates data/kernel/syscall-nargs.tsv from an unpacked Linux source tree (argument 1).
# Only generic code and arch/x86 count: other architectures define variants (clone, sigsuspend) we do not run.
set -euo pipefail
tree=${1:?usage: extract-nargs.sh LINUX_SOURCE_TREE}
cd "$tree"
{
  echo "# sys_* entry point -> argument count, from SYSCALL_DEFINEn in Linux 6.12.117 (Debian linux-source-6.12 6.12.117-1~deb12u1),"
  echo "# generic code and arch/x86 only. Made by scripts/extract-nargs.sh on that tree; see data/kernel/ORIGIN.md."
  grep -rhoE '\bSYSCALL_DEFINE[0-6]\(\s*[a-z0-9_]+' --include='*.c' --include='*.h' --exclude-dir=arch . arch/x86 |
    sed -E 's/SYSCALL_DEFINE([0-6])\(\s*/\1 /' | awk '{print "sys_"$2"\t"$1}' | sort -u |
    grep -vP '^sys_(clone\t6|name\t|sigsuspend\t1)'
}
