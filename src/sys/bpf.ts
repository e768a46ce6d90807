// koffi bindings for the eBPF engine: bpf(2), perf_event_open(2), ioctl, mmap, pthread_sigmask.
import { koffi } from './koffi.js';
import { mmap } from './mmap.js';

const lib = koffi.load('libc.so.6');

const SYS_BPF = 321;
const SYS_PERF_EVENT_OPEN = 298;

const syscall3 = lib.func('long syscall(long nr, long a, uintptr_t b, long c)') as (
  nr: number,
  a: number,
  b: bigint,
  c: number,
) => number;
const syscall5 = lib.func('long syscall(long nr, uintptr_t a, long b, long c, long d, long e)') as (
  nr: number,
  a: bigint,
  b: number,
  c: number,
  d: number,
  e: number,
) => number;

/** koffi's asynchronous form of a bound function: the call runs on another thread, the callback here. */
type Later<A extends unknown[]> = {
  async: (...args: [...A, (err: unknown, result: number) => void]) => void;
};

export const bpfLibc = {
  /** bpf(cmd, attr, size): the result, or -1 with errno set. */
  bpf: (cmd: number, attr: bigint, size: number): number => syscall3(SYS_BPF, cmd, attr, size),
  /**
   * The same on a thread of koffi's pool while this one goes on (a 256 MiB ring takes the kernel 50-100 ms to
   * allocate). Its errno stays on that thread: a negative result says only that it failed. `attr` must stay
   * allocated until the promise settles.
   */
  bpfLater: (cmd: number, attr: bigint, size: number): Promise<number> =>
    new Promise((done, fail) =>
      (syscall3 as unknown as Later<[number, number, bigint, number]>).async(
        SYS_BPF,
        cmd,
        attr,
        size,
        (err, result) => (err ? fail(err) : done(result)),
      ),
    ),
  perfEventOpen: (attr: bigint, pid: number, cpu: number, group: number, flags: number): number =>
    syscall5(SYS_PERF_EVENT_OPEN, attr, pid, cpu, group, flags),
  ioctl: lib.func('int ioctl(int fd, unsigned long request, uintptr_t arg)') as (
    fd: number,
    request: number,
    arg: number | bigint,
  ) => number,
  sigprocmask: lib.func('int pthread_sigmask(int how, uintptr_t set, uintptr_t old)') as (
    how: number,
    set: bigint,
    old: bigint,
  ) => number,
  close: lib.func('int close(int fd)') as (fd: number) => number,
  dup3: lib.func('int dup3(int oldfd, int newfd, int flags)') as (
    oldfd: number,
    newfd: number,
    flags: number,
  ) => number,
  munmap: lib.func('int munmap(uintptr_t addr, size_t len)') as (addr: bigint, len: number) => number,
  mount: lib.func(
    'int mount(const char *source, const char *target, const char *type, unsigned long flags, uintptr_t data)',
  ) as (source: string, target: string, type: string, flags: number, data: number) => number,
};

/** A mapping of `len` bytes of `fd` at `off`, seen from JavaScript without copies; undefined when mmap failed. */
export function mapShared(
  fd: number,
  len: number,
  off: number,
  writable: boolean,
): { address: bigint; buffer: ArrayBuffer } | undefined {
  const PROT_READ = 1;
  const PROT_WRITE = 2;
  const MAP_SHARED = 1;
  const ptr = mmap(0, len, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, off);
  const address = koffi.address(ptr) as bigint;
  if (address === BigInt.asUintN(64, -1n)) return undefined;
  return { address, buffer: koffi.view(ptr, len) };
}
