// `npm run gen`: rewrites src/tables/generated from data/kernel.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAll } from './render.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
for (const [name, text] of renderAll(join(root, 'data'))) {
  writeFileSync(join(root, 'src', 'tables', 'generated', name), text);
  console.log(`wrote src/tables/generated/${name}`);
}
