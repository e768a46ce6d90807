#!/usr/bin/env bash
# Filters an ioctl table (`NAME 0xVALUE` lines on stdin, `#` lines kept) through data/xlat/ioctl_cmd.dropped: the
# names strace's ioctl table leaves out (aliases of another name at the same value, other architectures' requests).
set -euo pipefail
list=$(cd "$(dirname "$0")/.." && pwd -P)/data/xlat/ioctl_cmd.dropped
awk -F'\t' 'NR == FNR { if ($0 !~ /^#/ && NF) re = re (re == "" ? "" : "|") "(" $1 ")"; next }
  /^#/ || $1 !~ ("^(" re ")$")' "$list" FS=' ' -
