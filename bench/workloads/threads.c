// threads: T threads, each making N x { getppid(); write(/dev/null, 1 byte) } -> 2*N*T syscalls.
// Usage: threads [N [T]]   (default 50000 4)
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_THREADS 64
static long n;
static int fd;

static void *work(void *arg) {
  (void)arg;
  char byte = 'x';
  for (long i = 0; i < n; i++) {
    syscall(SYS_getppid); // no libc caching: a real syscall every time
    if (write(fd, &byte, 1) != 1) break;
  }
  return NULL;
}

int main(int argc, char **argv) {
  n = argc > 1 ? atol(argv[1]) : 50000;
  int t = argc > 2 ? atoi(argv[2]) : 4;
  if (t < 1 || t > MAX_THREADS) return 2;
  fd = open("/dev/null", O_WRONLY);
  pthread_t tid[MAX_THREADS];
  for (int i = 0; i < t; i++) pthread_create(&tid[i], NULL, work, NULL);
  for (int i = 0; i < t; i++) pthread_join(tid[i], NULL);
  return 0;
}
