// storm: N one-byte writes to /dev/null, the cheapest syscall loop there is.
// Usage: storm [N]   (default 200000) -> N + ~30 syscalls
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  int fd = open("/dev/null", O_WRONLY);
  if (fd < 0) return 1;
  char byte = 'x';
  for (long i = 0; i < n; i++)
    if (write(fd, &byte, 1) != 1) return 1;
  return 0;
}
