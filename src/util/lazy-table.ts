// A table read by name whose rarer families are loaded at the first of their names looked up (a trace's start-up
// ran every family's module initialiser, ~14 % of its instructions for /bin/true, BENCHMARKS.md stop 23).

/** A family: the names it defines, and the loader of its entries (a `require()`, which the bundle makes an initialiser). */
export type LazyFamily<T> = readonly [names: readonly string[], load: () => Readonly<Record<string, T>>];

/** The lookup of `eager`'s entries and the families'; a family is loaded once, at its first name asked for. */
export function lazyTable<T>(
  eager: Readonly<Record<string, T>>,
  families: readonly LazyFamily<T>[],
): (name: string) => T | undefined {
  const table: Record<string, T> = Object.assign(Object.create(null), eager);
  const loaders = new Map<string, LazyFamily<T>[1]>();
  for (const [names, load] of families) for (const n of names) loaders.set(n, load);
  return (name) => {
    const found = table[name];
    if (found !== undefined) return found;
    const load = loaders.get(name);
    if (load === undefined) return undefined;
    for (const [n, entry] of Object.entries(load())) if (loaders.get(n) === load) table[n] = entry;
    for (const [n, l] of loaders) if (l === load) loaders.delete(n);
    return table[name];
  };
}
