// bpf(2) and perf_event_open(2) numbers vat uses (include/uapi/linux/bpf.h, perf_event.h); checked against the
// pinned header by test/engine/ebpf/asm.test.ts.

export const BPF_CMD = {
  MAP_CREATE: 0,
  MAP_LOOKUP_ELEM: 1,
  MAP_UPDATE_ELEM: 2,
  MAP_DELETE_ELEM: 3,
  MAP_GET_NEXT_KEY: 4,
  PROG_LOAD: 5,
  PROG_GET_NEXT_ID: 11,
  MAP_GET_NEXT_ID: 12,
  PROG_GET_FD_BY_ID: 13,
  MAP_GET_FD_BY_ID: 14,
  RAW_TRACEPOINT_OPEN: 17,
  BTF_LOAD: 18,
  MAP_LOOKUP_BATCH: 24,
  MAP_UPDATE_BATCH: 26,
} as const;

export const MAP_TYPE = { HASH: 1, ARRAY: 2, PERCPU_ARRAY: 6, ARRAY_OF_MAPS: 12, RINGBUF: 27 } as const;
export type MapType = keyof typeof MAP_TYPE;

export const PROG_TYPE = { TRACEPOINT: 5, RAW_TRACEPOINT: 17 } as const;
export type ProgType = keyof typeof PROG_TYPE;

export const PERF = {
  TYPE_TRACEPOINT: 2,
  FLAG_FD_CLOEXEC: 8,
  IOC_ENABLE: 0x2400,
  IOC_SET_BPF: 0x40042408,
} as const;
