// npm's prepare: builds dist/ (not in git). `npm install -g <clone>` runs it in a fresh clone without the build
// tools, so they are installed first (npm ci, whose own prepare run is skipped: this one builds).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
if (process.env.VAT_PREPARE_NESTED === '1') process.exit(0);
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
// the outer npm's settings (global, prefix) are not this install's: a plain local install in the clone
const ownEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
ownEnv.VAT_PREPARE_NESTED = '1';
const run = (args) =>
  execFileSync(npm[0], [...npm.slice(1), ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: ownEnv,
  });
if (!existsSync(join(root, 'node_modules', 'typescript')))
  run(['ci', '--include=dev', '--no-audit', '--no-fund', '--loglevel=error']);
run(['run', '--silent', 'build']);
