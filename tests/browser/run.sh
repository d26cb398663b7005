#!/usr/bin/env bash
# Run the browser test (ctest calls this). Installs playwright-core from the
# lock file first when node_modules is missing, as on a clean clone in CI.
# Usage: run.sh BIN_DIR ARTIFACTS_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export NEWS_BIN_DIR=${1:?bin dir} NEWS_ARTIFACTS_DIR=${2:?artifacts dir}
export NEWS_CORPUS_DIR=${NEWS_CORPUS_DIR:-$here/../../corpus}
cd "$here"
command -v node >/dev/null || { echo "node is missing: scripts/install-deps installs it"; exit 1; }
if [ ! -f node_modules/playwright-core/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-reporter=spec browser.test.mjs klick.test.mjs
