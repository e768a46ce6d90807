#!/usr/bin/env bash
# Adds to data/xlat/ioctl_cmd.xlat the ioctl requests that the pinned uapi headers in data/kernel/uapi define but the
# whole-tree run of scripts/extract-ioctls.sh left out (FS_IOC_FIEMAP: linux/fs.h uses struct fiemap without including
# linux/fiemap.h, so that run could not evaluate it). Each value is evaluated by gcc against the pinned headers alone
# (-nostdinc: a header that is not pinned fails the compile instead of being taken from this machine), exported the
# way `make headers` exports them (scripts/headers_install.sh drops `#include <linux/compiler_types.h>` and `__user`).
# A name the table already has must evaluate to the same value, else the script fails. The names strace leaves out
# (data/xlat/ioctl_cmd.dropped) are dropped from the whole table. Output on stdout: the table.
# usage: scripts/extract-ioctls-pinned.sh > data/xlat/ioctl_cmd.xlat.new && mv data/xlat/ioctl_cmd.xlat.new data/xlat/ioctl_cmd.xlat
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
pinned=$root/data/kernel/uapi
table=$root/data/xlat/ioctl_cmd.xlat
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the exported layout: <linux/X>, <asm-generic/X>, and <asm/X> = the x86 header if pinned, else the generic one
# (Kbuild's generated wrapper `#include <asm-generic/X>`)
export_header() { # source destination
  mkdir -p "$(dirname "$2")"
  sed -E -e 's@^#include <linux/compiler(|_types)\.h>@@' -e 's/(^|[^A-Za-z0-9_])__user([^A-Za-z0-9_]|$)/\1\2/g' "$1" > "$2"
}
(cd "$pinned" && find linux asm-generic -name '*.h') | while read -r h; do export_header "$pinned/$h" "$work/inc/$h"; done
mkdir -p "$work/inc/asm"
(cd "$pinned/asm-generic" && find . -maxdepth 1 -name '*.h') | while read -r h; do
  printf '#include <asm-generic/%s>\n' "${h#./}" > "$work/inc/asm/${h#./}"
done
(cd "$pinned/x86/asm" && find . -name '*.h') | while read -r h; do export_header "$pinned/x86/asm/$h" "$work/inc/asm/$h"; done

# every `#define NAME _IO...(` in the pinned linux/ headers (the same pattern as extract-ioctls.sh), and in
# asm-generic/ioctls.h, which the whole-tree run did not evaluate (TCGETS2 and its kin use struct termios2)
(cd "$work/inc" && { find linux -name '*.h' | sort; echo asm-generic/ioctls.h; }) | while read -r h; do
  # a definition continued on the next line (`#define PTP_SYS_OFFSET_PRECISE \` then `_IOWR(...)`) is joined first
  { sed -e ':a' -e '/\\$/N' -e 's/\\\n[[:space:]]*/ /' -e 'ta' "$work/inc/$h" |
    grep -hoE '^[[:space:]]*#[[:space:]]*define[[:space:]]+[A-Za-z0-9_]+[[:space:]]+([A-Z]+)?_S?(IO|IOW|IOR|IOWR|IOC)[[:space:]]*\([^)]' || true; } |
    sed -E "s|^[[:space:]]*#[[:space:]]*define[[:space:]]+([A-Za-z0-9_]+).*|$h \1|"
done > "$work/names"

# one program per name, with the headers a request's struct may need before it (fs.h's FS_IOC_FIEMAP needs fiemap.h,
# its BLKTRACESETUP blktrace_api.h)
evaluate() { # header name -> NAME VALUE, or nothing when it does not compile against the pinned headers
  {
    echo 'int printf(const char *, ...);'
    echo '#include <linux/types.h>'
    echo '#include <linux/ioctl.h>'
    echo '#include <linux/fiemap.h>'
    echo '#include <linux/blktrace_api.h>'
    [ "$1" != asm-generic/ioctls.h ] || echo '#include <asm/termbits.h>'
    echo "#include <$1>"
    printf 'int main(void) { printf("%%s 0x%%08x\\n", "%s", (unsigned int)(%s)); return 0; }\n' "$2" "$2"
  } > "$work/p.c"
  gcc -w -nostdinc -I"$work/inc" -o "$work/p" "$work/p.c" 2>/dev/null && "$work/p"
}
while read -r h n; do evaluate "$h" "$n" || true; done < "$work/names" > "$work/pinned"

# merge: a name already in the table must agree; a new name is added; order is the table's (value, then name)
grep -v '^#' "$table" > "$work/old"
awk 'NR == FNR { old[$1] = $2; next } ($1 in old) && old[$1] != $2 { print "extract-ioctls-pinned: " $1 " is " old[$1] " in the table but " $2 " in the pinned headers" > "/dev/stderr"; bad = 1 } END { exit bad }' "$work/old" "$work/pinned"
grep '^#' "$table" | grep -v '^# Plus the requests' | sed '/^#kind/,$d'
echo "# Plus the requests that run missed, evaluated on the pinned headers of data/kernel/uapi by scripts/extract-ioctls-pinned.sh."
grep '^#kind\|^#unknown' "$table"
awk 'NR == FNR { old[$1] = 1; print; next } !($1 in old) && !seen[$1]++' "$work/old" "$work/pinned" | LC_ALL=C sort -t' ' -k2,2 -k1,1 |
  "$root/scripts/drop-ioctl-aliases.sh"
