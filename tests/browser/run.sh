#!/usr/bin/env bash
# Run the browser test (ctest calls this). Installs playwright-core from the
# lock file first when node_modules is missing, as on a clean clone in CI, and
# axe-core (the accessibility audit) from npm into NEWS_AXE_DIR; when npm is
# unreachable the audit is skipped with a line saying so, the rest runs.
# Usage: run.sh BIN_DIR ARTIFACTS_DIR [AXE_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export NEWS_BIN_DIR=${1:?bin dir} NEWS_ARTIFACTS_DIR=${2:?artifacts dir}
export NEWS_AXE_DIR=${3:-${NEWS_AXE_DIR:-}}
export NEWS_CORPUS_DIR=${NEWS_CORPUS_DIR:-$here/../../corpus}
export NEWS_DOCS_DIR=${NEWS_DOCS_DIR:-$here/../../docs}
cd "$here"
command -v node >/dev/null || { echo "node is missing: scripts/install-deps installs it"; exit 1; }
if [ ! -f node_modules/playwright-core/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
axe_version=4.10.3
if [ -n "$NEWS_AXE_DIR" ] && ! grep -qs "\"version\": \"$axe_version\"" "$NEWS_AXE_DIR/node_modules/axe-core/package.json"; then
  mkdir -p "$NEWS_AXE_DIR"
  npm install --prefix "$NEWS_AXE_DIR" --cache "$NEWS_AXE_DIR/npm-cache" --no-save --no-package-lock \
      --no-audit --no-fund --loglevel=error "axe-core@$axe_version" >/dev/null 2>&1 ||
    echo "axe-core $axe_version could not be installed from npm: the audit will be skipped"
fi
exec node --test --test-reporter=spec browser.test.mjs klick.test.mjs
