// `npm run gen`: rewrites src/tables/generated from data/kernel (a build tool: compiled apart, never shipped).
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAll } from './render.js';

/** The repository root: the nearest directory above the compiled script with package.json. */
let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'package.json'))) root = dirname(root);
for (const [name, text] of renderAll(join(root, 'data'))) {
  writeFileSync(join(root, 'src', 'tables', 'generated', name), text);
  console.log(`wrote src/tables/generated/${name}`);
}
