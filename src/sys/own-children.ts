// Processes vat starts for itself on this thread (the `-o |COMMAND` shell): the tracer's wait4(-1) reaps them
// too, and must not report them as a tracee's orphans (`Exit of unknown pid N ignored`).
const own = new Set<number>();

export const addOwnChild = (pid: number): void => {
  own.add(pid);
};

export const isOwnChild = (pid: number): boolean => own.has(pid);
