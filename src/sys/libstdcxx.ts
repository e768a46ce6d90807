// The koffi binding to libstdc++'s demangler (__cxa_demangle), for -k's C++ frame names; without the library
// names stay mangled.
import { koffi } from './koffi.js';

let loaded: ((symbol: string) => string) | null | undefined;

/** `_ZN2ns1K2goEi` -> `ns::K::go(int)`, as strace prints C++ frames; other names unchanged. */
export function loadDemangler(): ((symbol: string) => string) | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  try {
    const cxx = koffi.load(process.env.VAT_LIBSTDCXX || 'libstdc++.so.6');
    const c = koffi.load('libc.so.6');
    const demangle = cxx.func(
      'void *__cxa_demangle(const char *name, void *buf, void *len, _Out_ int *status)',
    );
    const free = c.func('void free(void *ptr)');
    const status = [0];
    loaded = (symbol) => {
      if (!symbol.startsWith('_Z')) return symbol;
      const out = demangle(symbol, null, null, status);
      if (out === null) return symbol;
      const text = koffi.decode(out, 'char', -1) as string;
      free(out);
      return status[0] === 0 ? text : symbol;
    };
  } catch {
    loaded = null;
  }
  return loaded ?? undefined;
}
