// `npm run gen`: rewrites src/tables/generated from data/kernel (a build tool: compiled apart, never shipped).
// Every table is made before any file is written: a table that fails (a bad line, a value the headers do not
// give) stops the run with its message on one line per problem, exit 1, and leaves the checked-in files as
// they were. `node build/gen/main.js DATA_DIR OUT_DIR` generates elsewhere (the test does).
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAll } from './render.js';

/** The repository root: the nearest directory above the compiled script with package.json. */
let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'package.json'))) root = dirname(root);
const [dataDir = join(root, 'data'), outDir = join(root, 'src', 'tables', 'generated')] =
  process.argv.slice(2);
let tables: Map<string, string>;
try {
  tables = renderAll(dataDir);
} catch (err) {
  process.stderr.write(`gen: ${err instanceof Error ? err.message : String(err)}\ngen: nothing written\n`);
  process.exit(1);
}
for (const [name, text] of tables) {
  writeFileSync(join(outDir, name), text);
  console.log(`wrote ${relative(root, join(outDir, name))}`);
}
