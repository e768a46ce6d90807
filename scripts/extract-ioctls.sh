#!/usr/bin/env bash
# Regenerates data/xlat/ioctl_cmd.xlat from an unpacked Linux source tree (argument 1), the way strace builds its
# ioctlent table: every `#define NAME _IO(...)`/_IOR/_IOW/_IOWR in the uapi headers (generic and x86), plus the
# terminal, socket and other ioctls that headers define as plain numbers, each evaluated by gcc against that tree.
# Entries are sorted by value then name (strace's ioctlsort order), so names sharing a value print as `A or B`;
# the names strace leaves out (data/xlat/ioctl_cmd.dropped: redundant aliases, other architectures') are dropped.
set -euo pipefail
tree=$(cd "${1:?usage: extract-ioctls.sh LINUX_SOURCE_TREE > data/xlat/ioctl_cmd.xlat}" && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the exported uapi headers, as userspace sees them (`make headers` writes them to usr/include)
[ -f "$tree/usr/include/linux/fs.h" ] || make -s -C "$tree" headers ARCH=x86_64 >&2
hdrs=$tree/usr/include
inc="-I$hdrs"

# headers whose ioctls are plain numbers (strace's maint/ioctls_gen.sh list), with the code prefix to keep
hex_headers=(
  '03 linux/hdreg.h' '22 scsi/sg.h' '46 linux/fb.h' '4B linux/kd.h' '4C linux/loop.h' '53 linux/cdrom.h'
  '54 asm-generic/ioctls.h' '56 linux/vt.h' '89 linux/sockios.h' '89 asm-generic/sockios.h' '8B linux/wireless.h'
)

names_for() { # header -> names defined with _IO* macros
  { grep -hoE '^[[:space:]]*#[[:space:]]*define[[:space:]]+[A-Za-z0-9_]+[[:space:]]+([A-Z]+)?_S?(IO|IOW|IOR|IOWR|IOC)[[:space:]]*\([^)]' "$1" || true; } |
    sed -E 's/^[[:space:]]*#[[:space:]]*define[[:space:]]+([A-Za-z0-9_]+).*/\1/'
}

{
  (cd "$hdrs" && find . -name '*.h' | sed 's|^\./||') | while read -r h; do
    names_for "$hdrs/$h" | sed "s|^|$h |"
  done
  for entry in "${hex_headers[@]}"; do
    set -- $entry
    [ -f "$hdrs/$2" ] || continue
    { grep -hoE "^[[:space:]]*#[[:space:]]*define[[:space:]]+[A-Za-z0-9_]+[[:space:]]+0x$1[0-9A-Fa-f]{2}\b" \
      "$hdrs/$2" || true; } | awk -v h="$2" '{print h" "$2}'
  done
} | sort -u > "$work/names"

# one program per header, with and without common prerequisites; when a header's program does not compile (a
# request whose struct the header does not declare), each name is tried alone and the failing ones are left out
prelude='#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/fiemap.h>'
program() { # header pre names... -> C source printing NAME<TAB>VALUE
  local h=$1 pre=$2
  shift 2
  echo '#include <stdio.h>'
  echo "$pre"
  echo "#include <$h>"
  echo 'int main(void) {'
  for n in "$@"; do
    printf '#ifdef %s\nprintf("%%s\\t0x%%08x\\n", "%s", (unsigned int)(%s));\n#endif\n' "$n" "$n" "$n"
  done
  echo 'return 0; }'
}
run() { # header pre names... -> values, or failure
  program "$@" > "$work/p.c"
  gcc -w $inc -o "$work/p" "$work/p.c" 2>/dev/null && "$work/p"
}
cut -d' ' -f1 "$work/names" | sort -u | while read -r h; do
  mapfile -t names < <(grep -F "$h " "$work/names" | awk -v h="$h" '$1 == h {print $2}')
  run "$h" "" "${names[@]}" || run "$h" "$prelude" "${names[@]}" || for n in "${names[@]}"; do
    run "$h" "" "$n" || run "$h" "$prelude" "$n" || true
  done
done | sort -u > "$work/values"

{
  echo "# ioctl(2) requests by value, as strace's ioctlent: every _IO/_IOR/_IOW/_IOWR/_IOC definition (and
# the DRM_IOWR, _SIO... wrappers strace's maint/ioctls_sym.sh accepts) in the uapi headers"
  echo "# of Linux 6.12.117 (generic and x86) plus the terminal/socket/... ioctls defined as plain numbers."
  echo "# Made by scripts/extract-ioctls.sh on that tree (gcc evaluates the _IOC encodings); see data/kernel/ORIGIN.md."
  echo "# Sorted by value then name: names sharing a value print as \`A or B\`. Do not edit by hand."
  echo '#kind enum'
  echo '#unknown _IOC_???'
  awk -F'\t' '!seen[$1]++ { print $1 " " $2 }' "$work/values" | LC_ALL=C sort -t' ' -k2,2 -k1,1 |
    "$(dirname "$0")/drop-ioctl-aliases.sh"
}
