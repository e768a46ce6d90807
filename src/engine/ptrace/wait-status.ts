// Decoding a waitpid status word (the macros of <sys/wait.h>, as arithmetic on the kernel's layout).

export const exited = (s: number): boolean => (s & 0x7f) === 0;
export const exitCode = (s: number): number => (s >> 8) & 0xff;
export const signaled = (s: number): boolean => (s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f;
export const termSig = (s: number): number => s & 0x7f;
export const coreDumped = (s: number): boolean => (s & 0x80) !== 0;
export const stopped = (s: number): boolean => (s & 0xff) === 0x7f;
export const stopSig = (s: number): number => (s >> 8) & 0xff;
/** PTRACE_EVENT_* number carried in bits 16-23 of a ptrace-stop status. */
export const ptraceEvent = (s: number): number => (s >>> 16) & 0xff;
