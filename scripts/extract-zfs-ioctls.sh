#!/usr/bin/env bash
# Writes data/xlat/ioctl_cmd_zfs.xlat: the OpenZFS ioctl requests strace names (its ioctls_zfs.h): every member of
# enum zfs_ioc in include/sys/fs/zfs.h (Linux's values: the enum is preprocessed without __FreeBSD__), BLKZNAME from the
# same header and the KSTAT_IOC_* requests of lib/libspl/include/sys/kstat.h. Names are read from the sources, values
# evaluated by gcc; the enum's range markers (ZFS_IOC, ZFS_IOC_FIRST, ZFS_IOC_PLATFORM, ZFS_IOC_LAST) are no requests
# and strace leaves them out. Only the names and numbers are kept (facts); the CDDL header is not copied.
# usage: scripts/extract-zfs-ioctls.sh OPENZFS_GIT_DIR [TAG] > data/xlat/ioctl_cmd_zfs.xlat   (TAG defaults to zfs-2.2.7)
set -euo pipefail
repo=$1
tag=${2:-zfs-2.2.7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$repo" show "$tag:include/sys/fs/zfs.h" > "$work/zfs.h"
git -C "$repo" show "$tag:lib/libspl/include/sys/kstat.h" > "$work/kstat.h"

# the enum's body, preprocessed as on Linux (its #if defined(__FreeBSD__) branches dropped)
sed -n '/^typedef enum zfs_ioc {/,/^} zfs_ioc_t;/p' "$work/zfs.h" > "$work/enum.h"
[ -s "$work/enum.h" ] || { echo "extract-zfs-ioctls: no enum zfs_ioc in $tag" >&2; exit 1; }
gcc -E -P -U__FreeBSD__ -D__linux__ -x c "$work/enum.h" > "$work/enum.i"
names=$(sed -n '/{/,/}/p' "$work/enum.i" | grep -oE '^[[:space:]]*ZFS_IOC[A-Z0-9_]*' | sed -E 's/^[[:space:]]+//' |
  grep -vxE 'ZFS_IOC|ZFS_IOC_FIRST|ZFS_IOC_PLATFORM|ZFS_IOC_LAST')
kstat=$(grep -oE '^#define[[:space:]]+KSTAT_IOC_[A-Z_]+' "$work/kstat.h" | awk '{print $2}' | grep -vx KSTAT_IOC_BASE)
blk=$(grep -E '^#define[[:space:]]+(BLKZNAME|ZFS_MAX_DATASET_NAME_LEN)[[:space:]]' "$work/zfs.h")
kdefs=$(grep -E '^#define[[:space:]]+KSTAT_IOC_' "$work/kstat.h")

{
  echo '#include <stdio.h>'
  echo '#include <linux/ioctl.h>'
  cat "$work/enum.i"
  echo "$blk"
  echo "$kdefs"
  echo 'int main(void) {'
  for n in BLKZNAME $names $kstat; do printf '  printf("%%s 0x%%08x\\n", "%s", (unsigned int) (%s));\n' "$n" "$n"; done
  echo '  return 0;'
  echo '}'
} > "$work/p.c"
gcc -o "$work/p" "$work/p.c"

desc=$(git -C "$repo" describe --tags "$tag")
commit=$(git -C "$repo" rev-parse "$tag^{commit}")
echo "# OpenZFS ioctl requests strace names (its src/ioctls_zfs.h), from OpenZFS $desc ($commit):"
echo '# enum zfs_ioc and BLKZNAME of include/sys/fs/zfs.h, KSTAT_IOC_* of lib/libspl/include/sys/kstat.h (CDDL-1.0; names'
echo '# and numbers only). Made by scripts/extract-zfs-ioctls.sh; looked up after the kernel'"'"'s requests. Do not edit by hand.'
echo '#kind enum'
echo '#unknown -'
"$work/p" | LC_ALL=C sort -k2,2 -k1,1
