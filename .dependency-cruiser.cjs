// Layer rules for src/ (`npm run lint`): top-level folders import only downward, so they never form a cycle.
// The order, lowest first; folders on one line are siblings and may not import each other.
const LAYERS = [
  ['errors.ts', 'util'],
  ['sys'],
  ['tables'],
  ['model'],
  ['bpf', 'filter'],
  ['decode'],
  ['engine'],
  ['format'],
  ['sink'],
  ['import'],
  ['analyze', 'security'],
  ['report'],
  ['cli', 'lib'],
  ['cli.ts'],
];

const path = (names) => `^src/(${names.map((n) => n.replace('.', '[.]')).join('|')})($|/)`;

/** The tracer thread's host (worker or main thread; and the eBPF engine's outputs) open the outputs there (no per-event hand-off); engine.ts names their type for Engine.run. */
const ENGINE_OUTPUT_EXCEPTIONS = '^src/engine/(ptrace/tracer-host|ebpf/outputs|engine)[.]ts$';

/** Modules whose reads of the system (/proc above all) go through sys/: the ProcFs port, sys/device, sys/net-interfaces. */
const PROC_PORT_USERS = '^src/(decode|filter|format|analyze/stuck)(/|[.]ts$)';

const layerRules = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  const rules = [];
  if (above.length > 0)
    rules.push({
      name: `layer-${layer.join('+')}`,
      comment: `${layer.join(', ')} may only import layers below it (ARCHITECTURE.md)`,
      severity: 'error',
      from: {
        path: path(layer),
        ...(layer.includes('engine') ? { pathNot: ENGINE_OUTPUT_EXCEPTIONS } : {}),
      },
      to: { path: path(above) },
    });
  if (layer.length > 1)
    for (const a of layer)
      rules.push({
        name: `sibling-${a}`,
        comment: `${layer.join(' and ')} are siblings: neither imports the other`,
        severity: 'error',
        from: { path: path([a]) },
        to: { path: path(layer.filter((b) => b !== a)) },
      });
  return rules;
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'engine-output-exceptions',
      comment: 'the tracer entry may reach sink/ and format/ only; nothing higher',
      severity: 'error',
      from: { path: ENGINE_OUTPUT_EXCEPTIONS },
      to: { path: path(['import', 'analyze', 'security', 'cli', 'cli.ts']) },
    },
    {
      name: 'format-pure',
      comment:
        'formatters are pure functions of events: no /proc (sys/, fs), no -P selector (it reads /proc: the sink decides)',
      severity: 'error',
      from: { path: '^src/format/' },
      to: {
        path: '^(src/(sys/|filter/(path-trace|fd-paths)[.]ts)|(node:)?fs(/promises)?$)',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'proc-through-procfs',
      comment:
        'only the ProcFs port (src/sys/procfs.ts) reads /proc: the decoders, the -P filter, the formatters and vat stuck import no fs',
      severity: 'error',
      from: { path: PROC_PORT_USERS },
      to: { path: '^(node:)?fs(/promises)?$' },
    },
    {
      name: 'folder-in-a-layer',
      comment: 'every top-level folder of src/ has a place in LAYERS above',
      severity: 'error',
      from: { path: '^src/', pathNot: path(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'koffi-only-in-sys',
      comment: 'native bindings live in src/sys/ only',
      severity: 'error',
      from: { pathNot: '^src/sys/' },
      to: { path: '(^|/)node_modules/koffi/' },
    },
    {
      name: 'koffi-through-its-loader',
      comment:
        "src/sys/koffi.ts loads koffi's native addon directly; importing 'koffi' anywhere else runs its index.js, which loads https, zlib and crypto (~30 ms of every start-up)",
      severity: 'error',
      from: { pathNot: '^src/sys/koffi[.]ts$' },
      to: { path: '(^|/)node_modules/koffi/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'no module cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
