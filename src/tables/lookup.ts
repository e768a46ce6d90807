// Joined view of one x86_64 syscall: its signature and trace classes, for `vat syscalls` and the decoders.
import { TRACE_CLASSES, type TraceClass } from './classes.js';
import { parseSignature, type Signature } from './signature.js';
import { SIGNATURES } from './signatures.js';

const parsed = new Map<string, Signature>();

/** The parsed signature of an x86_64 syscall, or undefined when the table has none (reserved numbers). */
export function signatureOf(name: string): Signature | undefined {
  let sig = parsed.get(name);
  if (!sig) {
    const text = SIGNATURES[name];
    if (text === undefined) return undefined;
    sig = parseSignature(text);
    parsed.set(name, sig);
  }
  return sig;
}

let classIndex: Map<string, TraceClass[]> | undefined;
/** The trace classes (`%file`, `%desc`...) that select this syscall. */
export function classesOf(name: string): TraceClass[] {
  if (!classIndex) {
    classIndex = new Map();
    for (const [cls, names] of Object.entries(TRACE_CLASSES) as [TraceClass, readonly string[]][]) {
      for (const n of names) {
        const list = classIndex.get(n) ?? [];
        list.push(cls);
        classIndex.set(n, list);
      }
    }
  }
  return classIndex.get(name) ?? [];
}

/** `openat(dirfd: dirfd, pathname: path, ...) -> fd` */
export function formatSignature(name: string, sig: Signature | undefined): string {
  if (!sig) return `${name}(?)`;
  const args = sig.args.map((a) => `${a.name}: ${a.kind}${a.param ? `(${a.param})` : ''}`).join(', ');
  const ret = sig.ret === 'int' ? '' : ` -> ${sig.ret}${sig.retParam ? `(${sig.retParam})` : ''}`;
  return `${name}(${args})${ret}`;
}
