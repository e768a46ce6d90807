// Bundles the CLI, the tracer worker and the library: loading ~200 small modules at start-up cost vat ~0.13 s
// of its ~0.4 s fixed cost (measured), and one 1.6 MB bundle made every run compile every tool; now each entry
// loads its own code plus shared chunks. tsc has already type-checked and emitted dist/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build, transform } from 'esbuild';

/**
 * Generated tables are plain data: bundled as JSON.parse('...'), which V8 reads about twice as fast as the same
 * object literal (the 225 KB xlat table cost ~10 % of a trace's start-up). A table whose value JSON cannot
 * carry exactly (undefined, bigint) is left as it is.
 */
const jsonTables = {
  name: 'json-tables',
  setup(b) {
    b.onLoad({ filter: /src\/tables\/generated\/[^/]+\.ts$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.length < 8192) return undefined;
      const { code } = await transform(source, { loader: 'ts', format: 'esm' });
      const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
      const lines = [];
      for (const [name, value] of Object.entries(mod)) {
        const json = JSON.stringify(value);
        if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) return undefined;
        if (json.length < LAZY_BYTES || value === null || typeof value !== 'object' || Array.isArray(value))
          lines.push(`export const ${name} = JSON.parse(${JSON.stringify(json)});`);
        else {
          // each entry's JSON text in a data file beside the scripts, the script holding only where each is
          const file = `${basename(args.path, '.ts')}.${name}.json`;
          const texts = Object.entries(value).map(([k, v]) => [k, Buffer.from(JSON.stringify(v))]);
          const index = {};
          let at = 0;
          for (const [k, bytes] of texts) {
            index[k] = [at, bytes.length];
            at += bytes.length;
          }
          writeFileSync(`dist/${file}`, Buffer.concat(texts.map(([, bytes]) => bytes)));
          lines.push(
            `export const ${name} = lazyEntries(new URL(${JSON.stringify(`./${file}`)}, import.meta.url), JSON.parse(${JSON.stringify(JSON.stringify(index))}));`,
          );
        }
      }
      if (lines.some((l) => l.includes('lazyEntries('))) lines.unshift(LAZY_ENTRIES);
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/**
 * A table keyed by name that big (the 177 KB xlat table: ~35 ms of JSON.parse, a tenth of a trace's start-up, where
 * /bin/true reads 50 of its ~1000 entries) is written as its entries' JSON texts to a data file in dist/
 * (`xlat.XLAT.json`); the script holds each entry's place in it, and an entry is read and parsed the first time it
 * is used. In the script, the texts were read with it and again in its code cache at every start. A Proxy over the
 * index, not an accessor per entry: 1000 accessors cost ~8 ms to define, and replacing one by its value on first
 * read copied the object's 1000-entry descriptor array each time (~2 ms a read, measured). The data file is read
 * whole at the first entry used: a trace's start-up reads ~230 of the structs' entries and ~50 of xlat's, and one
 * open, read and close per entry was ~9 % of its instructions (one read of the 96 + 314 KB costs less).
 */
const LAZY_BYTES = 65536;
const LAZY_ENTRIES = `import { readFileSync } from 'node:fs';
function lazyEntries(file, index) {
  const parsed = Object.create(null);
  let bytes;
  return new Proxy(index, {
    get(target, key) {
      const done = parsed[key];
      if (done !== undefined) return done;
      const place = target[key];
      if (!Array.isArray(place)) return place;
      bytes ??= readFileSync(file);
      return (parsed[key] = JSON.parse(bytes.toString('utf8', place[0], place[0] + place[1])));
    },
  });
}`;

/**
 * Node's built-in modules through require, not as ES modules: Node 20 builds an ES module's view of a built-in by
 * reading every export, which runs the lazy getters (node:fs's ReadStream loads the whole streams family, node:util's
 * parseArgs and MIMEType their modules): ~25 ms of every start-up. Only plain values are exported; importing a
 * getter fails the build (say it here when one is needed).
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    const req = createRequire(import.meta.url);
    b.onResolve({ filter: /^node:(fs|util|os|path|url|worker_threads|child_process|zlib)$/ }, (args) => ({
      path: args.path,
      namespace: 'builtin',
    }));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const mod = req(args.path);
      const names = Object.keys(mod).filter(
        (k) =>
          k !== 'default' &&
          /^[A-Za-z_$][\w$]*$/.test(k) &&
          'value' in Object.getOwnPropertyDescriptor(mod, k),
      );
      return {
        contents: [
          "import { createRequire } from 'node:module';",
          `const m = createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
          'export default m;',
          `export const { ${names.join(', ')} } = m;`,
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * A module that loads others at their first use (decode/custom/index.ts: the rarer decoder families) declares
 * `const lazyRequire = createRequire(import.meta.url);` and calls `lazyRequire('./x.js')`: unbundled, Node requires
 * the ES module. Here the declaration is dropped and the calls become esbuild's own require, which bundles the module
 * as an initialiser run at the first call: its code is still in the script, its top-level work is not at start-up.
 * (A plain `require` from createRequire, as sys/koffi.ts's, stays Node's: it loads files outside the bundle.)
 */
const LAZY_REQUIRE = 'const lazyRequire = createRequire(import.meta.url);';
const lazyRequires = {
  name: 'lazy-requires',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(LAZY_REQUIRE)) return undefined;
      return {
        contents: source.replace(LAZY_REQUIRE, '').replaceAll('lazyRequire(', 'require('),
        loader: 'ts',
      };
    });
  },
};

// chunk names change with their content, and a code cache belongs to the script it was made from (src/cli.ts):
// the last build's must not pile up in dist/ or be used with this one
for (const f of readdirSync('dist', { withFileTypes: true }))
  if (f.isFile() && /^(chunk-[A-Z0-9]+\.js|\.vat-.*\.cache.*|[a-z-]+\.[A-Z_]+\.json)$/.test(f.name))
    rmSync(`dist/${f.name}`);

// What every CommonJS script of dist/ is built as: one bundled file for Node 20.
const commonJs = {
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
};

// The CLI: CommonJS scripts that dist/cli.js compiles with V8's code cache (src/cli.ts says why). dist/vat.cjs has
// every tool; dist/vat-trace.cjs, run for a trace and in tracer workers, only what a trace can run (1.0 of 1.7 MB:
// each start-up reads the script and deserializes its cache). A module reached by a dynamic import() only runs when
// imported (esbuild wraps it), and V8 compiles a function only when it first runs. Whitespace and syntax minified
// (names kept, for profiles and stacks): less source to read and scan at each start-up.
await build({
  entryPoints: { vat: 'src/cli/bundle.ts', 'vat-trace': 'src/cli/trace-bundle.ts' },
  ...commonJs,
  // ASCII only (esbuild's default, stated because src/cli.ts reads the script as latin1)
  charset: 'ascii',
  minifyWhitespace: true,
  minifySyntax: true,
  // the script runs inside a function that src/cli.ts calls with the script's file URL; the file holds that
  // function's text, so that the 1.7 MB source is compiled as read (a wrapper added in src/cli.ts made V8 copy it)
  define: { 'import.meta.url': '__vatUrl' },
  banner: { js: '(function (exports, require, module, __filename, __dirname, __vatUrl) {' },
  footer: { js: '})' },
  external: ['koffi'],
  plugins: [jsonTables, builtinsByRequire, lazyRequires],
  logLevel: 'warning',
});

// Each script's build stamp, a hash of its text, as its last line: src/cli.ts names the script's code cache by it.
// A name from the file's size and mtime never matched in an npm install (npm extracts files with the time of the
// install, and packs them with a fixed one), so the caches shipped in the package were never read, and where the
// user cannot write dist/ (a global install by root) every start compiled the whole script (1.6x `node -e 0`'s CPU
// against 1.0x with the cache, measured). V8 checks only a script's length against its cache: the stamp also keeps
// a cache from being used with another script of the same size.
for (const name of ['vat', 'vat-trace']) {
  const file = `dist/${name}.cjs`;
  const text = readFileSync(file, 'latin1');
  const stamp = createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 16);
  writeFileSync(file, `${text}/*vat-build:${stamp}*/\n`, 'latin1');
}

// dist/cli.js: the executable, which runs dist/vat.cjs (cli/main.js, its fallback in an unbundled build, is not
// bundled into it)
const unbundledFallback = {
  name: 'unbundled-fallback',
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\/main\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  plugins: [unbundledFallback],
  logLevel: 'warning',
});
// dist/cli.cjs: the same entry as CommonJS, which bin/vat runs: Node starts a CommonJS main without its ES module
// loader (~14 M of a trace's ~240 M instructions, callgrind); dist/cli.js stays for `node dist/cli.js` and workers
await build({
  entryPoints: { cli: 'src/cli.ts' },
  ...commonJs,
  define: { 'import.meta.url': '__cliUrl' },
  banner: { js: 'var __cliUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [unbundledFallback],
  logLevel: 'warning',
});

// The code caches, written at the end of these runs: the trace's from traces of /bin/true (the CLI's options, both
// engines, plain, -f -e trace= and -c, compiled; a trace that cannot start here, without ptrace or eBPF, still leaves the
// CLI's part), each adding what it compiled (VAT_CODE_CACHE=refresh, src/cli.ts); the whole CLI's from its help. A
// function missing from the cache is parsed and compiled at its first call: with a cache trained by one engine, the
// other's start-up cost 26-32 M instructions more. Training on a shell running ls as well made the cache 1.39 MB
// instead of 1.14 and every start-up ~9 M dearer, for ~1-2 % of a traced `ls` (BENCHMARKS.md, "Warm-up, stop 26").
// -c with each engine: its summary's code, compiled at its first call otherwise (-c -- /bin/true ~2 M instructions
// less, for 18 KB more cache; "Start-up, stop 29").
const training = { stdio: 'ignore', env: { ...process.env, VAT_CODE_CACHE: 'refresh' } };
for (const args of [
  [],
  ['--engine', 'ptrace', '-f'],
  ['--engine', 'ptrace', '-f', '-e', 'trace=openat'],
  ['--engine', 'ebpf', '-f'],
  ['--engine', 'ebpf', '-f', '-e', 'trace=openat'],
  ['--engine', 'ptrace', '-c'],
  ['--engine', 'ebpf', '-c'],
])
  spawnSync(process.execPath, ['dist/cli.cjs', ...args, '-o', '/dev/null', '--', '/bin/true'], training);
spawnSync(process.execPath, ['dist/cli.cjs', '--help'], { stdio: 'ignore' });

await build({
  // lib: the package's import entry (src/lib); it and the tracer worker share chunks
  entryPoints: {
    'tracer-worker': 'src/engine/ptrace/tracer-worker.ts',
    lib: 'src/lib/index.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // code a run does not use stays out of what it loads: each tool (import, analyses, security) is a chunk of its
  // own, read only when its command runs; code the CLI, the worker and the library share is one chunk
  splitting: true,
  // beside the entries: modules that find files from import.meta.url (the worker, the report page) stay right
  chunkNames: 'chunk-[hash]',
  // koffi ships a native addon: it stays a runtime dependency
  external: ['koffi'],
  plugins: [jsonTables, builtinsByRequire, lazyRequires],
  logLevel: 'warning',
});

// The HTML report's page script: a browser bundle inlined into each report (vat report).
await build({
  entryPoints: { 'report-page': 'src/report/page/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  minify: true,
  logLevel: 'warning',
});
