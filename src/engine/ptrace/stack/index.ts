// -k's entry points for the tracer and the CLI: open the stack tracer, or say why it cannot work here.
import { VatError } from '../../../errors.js';
import { loadDemangler } from '../../../sys/libstdcxx.js';
import { syscallByName } from '../../../tables/syscalls.js';
import { REMAPS, StackTracer } from './stack-tracer.js';

export { StackTracer } from './stack-tracer.js';

/** Why -k cannot run on this machine (the unwinding library is missing), or undefined when it can. */
export function stackTracesUnavailable(): string | undefined {
  const t = StackTracer.create();
  return typeof t === 'string' ? t : undefined;
}

/** The tracer thread's stack tracer, with C++ names demangled as strace shows them. */
export function openStackTracer(): StackTracer {
  const t = StackTracer.create(loadDemangler());
  if (typeof t === 'string') throw new VatError(t, 'ENOUNWIND', 1);
  return t;
}

const REMAP_NUMBERS = [...REMAPS].flatMap((n) => syscallByName('x86_64', n)?.nr ?? []);

/** A syscall set plus the calls that change mappings: what must stop for -k's maps cache to stay true. */
export const withRemaps = (selected: Iterable<number>): number[] => [
  ...new Set([...selected, ...REMAP_NUMBERS]),
];
