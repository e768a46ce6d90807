// The only module that imports koffi: libc entry points for the ptrace engine, with pointers passed as addresses.
import { koffi } from './koffi.js';

const lib = koffi.load('libc.so.6');

/** Address arguments are plain integers (uintptr_t) so that calls never convert or copy JavaScript objects. */
export const libc = {
  ptrace: lib.func('long ptrace(long request, int pid, uintptr_t addr, uintptr_t data)') as (
    request: number,
    pid: number,
    addr: number | bigint,
    data: number | bigint,
  ) => number,
  waitpid: lib.func('int waitpid(int pid, uintptr_t status, int options)') as (
    pid: number,
    status: bigint,
    options: number,
  ) => number,
  wait4: lib.func('int wait4(int pid, uintptr_t status, int options, uintptr_t rusage)') as (
    pid: number,
    status: number | bigint,
    options: number,
    rusage: number | bigint,
  ) => number,
  kill: lib.func('int kill(int pid, int sig)') as (pid: number, sig: number) => number,
  tgkill: lib.func('long syscall(long nr, int tgid, int tid, int sig)') as (
    nr: number,
    tgid: number,
    tid: number,
    sig: number,
  ) => number,
  /** ptrace through syscall(2): PTRACE_PEEKDATA stores the word at `data` (glibc's wrapper returns it as a long). */
  ptraceSyscall: lib.func('long syscall(long nr, long request, int pid, uintptr_t addr, uintptr_t data)') as (
    nr: number,
    request: number,
    pid: number,
    addr: bigint,
    data: bigint,
  ) => number,
  /** prctl(option, string) through syscall(2): glibc's prctl is variadic. */
  prctlString: lib.func('long syscall(long nr, int option, const char *arg)') as (
    nr: number,
    option: number,
    arg: string,
  ) => number,
  processVmReadv: lib.func(
    'long process_vm_readv(int pid, uintptr_t local, unsigned long liovcnt, uintptr_t remote, unsigned long riovcnt, unsigned long flags)',
  ) as (
    pid: number,
    local: number | bigint,
    liovcnt: number,
    remote: number | bigint,
    riovcnt: number,
    flags: number,
  ) => number,
  processVmWritev: lib.func(
    'long process_vm_writev(int pid, uintptr_t local, unsigned long liovcnt, uintptr_t remote, unsigned long riovcnt, unsigned long flags)',
  ) as (
    pid: number,
    local: number | bigint,
    liovcnt: number,
    remote: number | bigint,
    riovcnt: number,
    flags: number,
  ) => number,
  posixSpawn: lib.func(
    'int posix_spawn(_Out_ int *pid, const char *path, uintptr_t actions, uintptr_t attr, const char **argv, const char **envp)',
  ) as (
    pid: number[],
    path: string,
    actions: bigint,
    attr: number | bigint,
    argv: (string | null)[],
    envp: (string | null)[],
  ) => number,
  spawnActionsInit: lib.func('int posix_spawn_file_actions_init(uintptr_t actions)') as (a: bigint) => number,
  spawnActionsDestroy: lib.func('int posix_spawn_file_actions_destroy(uintptr_t actions)') as (
    a: bigint,
  ) => number,
  spawnActionsAddDup2: lib.func(
    'int posix_spawn_file_actions_adddup2(uintptr_t actions, int fd, int newfd)',
  ) as (a: bigint, fd: number, newfd: number) => number,
  spawnActionsAddOpen: lib.func(
    'int posix_spawn_file_actions_addopen(uintptr_t actions, int fd, const char *path, int oflag, unsigned int mode)',
  ) as (a: bigint, fd: number, path: string, oflag: number, mode: number) => number,
  spawnActionsAddClose: lib.func('int posix_spawn_file_actions_addclose(uintptr_t actions, int fd)') as (
    a: bigint,
    fd: number,
  ) => number,
  spawnAttrInit: lib.func('int posix_spawnattr_init(uintptr_t attr)') as (a: bigint) => number,
  spawnAttrDestroy: lib.func('int posix_spawnattr_destroy(uintptr_t attr)') as (a: bigint) => number,
  spawnAttrSetFlags: lib.func('int posix_spawnattr_setflags(uintptr_t attr, short flags)') as (
    a: bigint,
    flags: number,
  ) => number,
  spawnAttrSetSigDefault: lib.func('int posix_spawnattr_setsigdefault(uintptr_t attr, uintptr_t set)') as (
    a: bigint,
    set: bigint,
  ) => number,
  spawnAttrSetSigMask: lib.func('int posix_spawnattr_setsigmask(uintptr_t attr, uintptr_t set)') as (
    a: bigint,
    set: bigint,
  ) => number,
  sigFillSet: lib.func('int sigfillset(uintptr_t set)') as (set: bigint) => number,
  sigEmptySet: lib.func('int sigemptyset(uintptr_t set)') as (set: bigint) => number,
  sigMask: lib.func('int pthread_sigmask(int how, uintptr_t set, uintptr_t old)') as (
    how: number,
    set: bigint,
    old: bigint,
  ) => number,
  pipe2: lib.func('int pipe2(_Out_ int *fds, int flags)') as (fds: number[], flags: number) => number,
  closeFd: lib.func('int close(int fd)') as (fd: number) => number,
  dup3: lib.func('int dup3(int oldfd, int newfd, int flags)') as (
    oldfd: number,
    newfd: number,
    flags: number,
  ) => number,
  signal: lib.func('uintptr_t signal(int sig, uintptr_t handler)') as (
    sig: number,
    handler: number,
  ) => bigint,
  raise: lib.func('int raise(int sig)') as (sig: number) => number,
  setrlimit: lib.func('int setrlimit(int resource, uintptr_t rlim)') as (
    resource: number,
    rlim: bigint,
  ) => number,
  getpid: lib.func('int getpid(void)') as () => number,
  gettid: lib.func('int gettid(void)') as () => number,
  /** -D: vat becomes the command itself (its tracer runs apart). */
  execve: lib.func('int execve(const char *path, const char **argv, const char **envp)') as (
    path: string,
    argv: (string | null)[],
    envp: (string | null)[],
  ) => number,
  fcntl: lib.func('int fcntl(int fd, int cmd, long arg)') as (fd: number, cmd: number, arg: number) => number,
  setpgid: lib.func('int setpgid(int pid, int pgid)') as (pid: number, pgid: number) => number,
  setsid: lib.func('int setsid(void)') as () => number,
  /** A libc symbol's address (RTLD_DEFAULT is 0): the wait ticker's do-nothing signal handler. */
  dlsym: lib.func('uintptr_t dlsym(uintptr_t handle, const char *name)') as (
    handle: number,
    name: string,
  ) => number | bigint,
  sigaction: lib.func('int sigaction(int sig, uintptr_t act, uintptr_t oldact)') as (
    sig: number,
    act: bigint | number,
    oldact: bigint | number,
  ) => number,
  timerCreate: lib.func('int timer_create(int clock, uintptr_t sevp, uintptr_t timerid)') as (
    clock: number,
    sevp: bigint,
    timerid: bigint,
  ) => number,
  timerSettime: lib.func(
    'int timer_settime(uintptr_t timerid, int flags, uintptr_t value, uintptr_t old)',
  ) as (timerid: bigint, flags: number, value: bigint, old: number) => number,
  timerDelete: lib.func('int timer_delete(uintptr_t timerid)') as (timerid: bigint) => number,
  clockGettime: lib.func('int clock_gettime(int clockid, uintptr_t tp)') as (
    clockid: number,
    tp: bigint,
  ) => number,
};

/** errno of the last failed libc call on this thread. */
export const lastErrno = (): number => koffi.errno();

/** Native memory that stays put: its address goes to the kernel, its view is read from JavaScript without copies. */
export interface NativeBuffer {
  readonly address: bigint;
  /** The same address as a Number (exact: user addresses fit 47 bits), what the per-stop calls pass: koffi takes a
   * Number ~0.1 µs faster than a BigInt per argument. */
  readonly at: number;
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

export function allocNative(size: number): NativeBuffer {
  const ptr = koffi.alloc('uint8_t', size);
  const ab = koffi.view(ptr, size);
  // keep the pointer object alive with the buffer: koffi frees nothing we still hold
  const keep = { ptr };
  const buf = {
    address: koffi.address(ptr) as bigint,
    at: Number(koffi.address(ptr)),
    bytes: new Uint8Array(ab),
    view: new DataView(ab),
    keep,
  };
  return buf;
}
