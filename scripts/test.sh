#!/usr/bin/env bash
# The whole test suite from a fresh clone: install if needed, build, lint, type-check tests, run them.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund --loglevel=error; fi
npm run --silent build
npm run --silent lint
rm -rf build
npx tsc -p tsconfig.test.json
node --test --test-concurrency=1 $(find build/test -name "*.test.js" | sort)
