#!/usr/bin/env bash
# The whole test suite from a fresh clone: install if needed, build, lint, type-check tests, run them; then
# check that `npm install -g` of a fresh clone gives a working `vat`, and that the run left nothing in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund --loglevel=error; fi
npm run --silent build
npm run --silent lint
rm -rf build
npx tsc -p tsconfig.test.json

# every temporary file of the run goes under a directory of its own: whatever is left there at the end leaked
run_tmp="$(mktemp -d "${TMPDIR:-/tmp}/vat-test-run.XXXXXX")"
# other users pass through it as through /tmp (-u nobody runs a fixture the test made public inside it)
chmod 0755 "$run_tmp"
trap 'rm -rf "$run_tmp"' EXIT
status=0
TMPDIR="$run_tmp" node --test --test-concurrency=1 $(find build/test -name "*.test.js" | sort) || status=$?

# npm install -g from a fresh clone (dist/ is not in git: prepare builds it) installs a `vat` that traces
if [ -d .git ] || [ -f .git ]; then
  TMPDIR="$run_tmp" bash -c '
    set -euo pipefail
    here="$(mktemp -d)"
    git clone --quiet "$1" "$here/clone"
    npm install -g --no-audit --no-fund --loglevel=error --prefix "$here/prefix" "$here/clone" >/dev/null
    "$here/prefix/bin/vat" -e trace=exit_group -- true 2>"$here/trace"
    grep -q "^exit_group(0) *= ?$" "$here/trace"
    rm -rf "$here"
  ' install-check "$PWD" && echo "# npm install -g from a fresh clone: ok" || {
    echo "# npm install -g from a fresh clone: FAILED"
    status=1
  }
fi

left="$(ls -A "$run_tmp")"
if [ -n "$left" ]; then
  echo "# the tests left these in the temporary directory:"
  echo "$left" | sed 's/^/#   /'
  status=1
else
  echo "# temporary directory: nothing left"
fi
exit "$status"
