/** One generated syscall-table row: number, name, kernel entry point ('' when reserved). */
export type SyscallEntry = readonly [nr: number, name: string, entry: string];
