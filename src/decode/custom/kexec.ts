// kexec_load's segments: an array of struct kexec_segment (layout generated from the pinned uapi kexec.h), the
// address when there are more than KEXEC_SEGMENT_MAX (the kernel refuses them), as strace prints them.
import { ptr, type Value } from '../../model/value.js';
import { memArray } from '../structs/array.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { layout } from './gen-layout.js';
import { layoutValue } from './ioctl-shape.js';
import { customConst, u64 } from './util.js';

const address = { custom: (v: DataView, off: number): Value => ptr(v.getBigUint64(off, true)) } as const;
const SEGMENT = layout('kexec_segment', [['buf', address], 'bufsz', ['mem', address], 'memsz']);

const kexecSegments: StructDecoder = (c, addr) => {
  const count = u64(c, 1);
  if (count > BigInt(customConst('KEXEC_SEGMENT_MAX'))) return ptr(addr);
  return memArray(c, addr, count, SEGMENT.size, (v, off) => layoutValue(v, SEGMENT, off));
};

export const KEXEC_STRUCTS = { kexec_segment: kexecSegments } as const satisfies Record<
  string,
  StructDecoder
>;
