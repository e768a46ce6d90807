// rusage: runs a command and writes its peak RSS (ru_maxrss, KiB) to OUTFILE once it has exited: what
// `/usr/bin/time -f %M -o OUTFILE` reports, without time's two side effects on a benchmark: its OUTFILE
// stays open in the command (an extra fd 3), and it passes on ignored signals (a benchmark started from a
// background shell would run every workload with SIGINT and SIGQUIT ignored). Here the command starts
// with fds 0-2 as given, every signal at its default action and none blocked.
// Usage: rusage OUTFILE COMMAND [ARGS...]; exits with the command's status, 128+N if killed by signal N.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: rusage OUTFILE COMMAND [ARGS...]\n", stderr);
    return 2;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("rusage: fork");
    return 127;
  }
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL); // fails harmlessly for KILL, STOP, glibc's own
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    _exit(127);
  }
  int status;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0)
    if (errno != EINTR) {
      perror("rusage: wait4");
      return 127;
    }
  FILE *out = fopen(argv[1], "w");
  if (out) {
    fprintf(out, "%ld\n", ru.ru_maxrss);
    fclose(out);
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
