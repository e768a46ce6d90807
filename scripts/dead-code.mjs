// `npm run lint`'s dead-code step: knip (entries in knip.json: the CLI, the library API, the tracer worker,
// the report page, scripts, tests) reports exports and exported types nothing imports. A checkout whose
// node_modules predates knip (a worktree set up before it was added) is told to run `npm install` and skips
// the step; under CI (npm ci installs it) a missing knip fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../node_modules/knip/bin/knip.js', import.meta.url));
if (!existsSync(bin)) {
  if (process.env.CI) {
    console.error('dead-code: knip is not installed (npm ci)');
    process.exit(1);
  }
  console.error('dead-code: knip is not installed here; run `npm install` (step skipped)');
  process.exit(0);
}
const r = spawnSync(process.execPath, [bin, '--include', 'exports,types', '--no-progress'], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
