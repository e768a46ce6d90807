/** One syscall's calls counted outside the event stream (the stop step's table, eBPF's -c maps): time in ns. */
export interface CallCounts {
  readonly nr: number;
  readonly calls: number;
  readonly errors: number;
  readonly total: bigint;
  readonly min: bigint;
  readonly max: bigint;
}
