// walk: a file-tree walk (nftw, FTW_PHYS) over ROOT that stops after MAX entries; each entry costs a
// newfstatat with a path string, directories an openat + getdents64. Deterministic on a quiet machine.
// Usage: walk [ROOT [MAX]]   (default /usr 50000)
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

static long seen, limit;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)path;
  (void)st;
  (void)type;
  (void)ftw;
  return ++seen >= limit; // non-zero ends the walk
}

int main(int argc, char **argv) {
  const char *root = argc > 1 ? argv[1] : "/usr";
  limit = argc > 2 ? atol(argv[2]) : 50000;
  nftw(root, visit, 64, FTW_PHYS);
  printf("%ld entries\n", seen);
  return 0;
}
