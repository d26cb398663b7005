#!/usr/bin/env bash
# package/version-logic: cmake/version.cmake on scratch repositories: no git,
# no tag, on a tag, after a tag; and Debian orders the results as releases go.
set -euo pipefail
script=$(cd "$(dirname "$0")/../../cmake" && pwd)/version.cmake
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v git >/dev/null || { echo "SKIPPED: needs git"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
v() { cmake -DSOURCE_DIR="$1" -DFALLBACK=0.1.0 -P "$script" 2>&1; }
check() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; echo "$3: $1"; }

mkdir "$tmp/plain"
check "$(v "$tmp/plain")" 0.1.0 "no git"
r=$tmp/repo
git init -q "$r"
commit() { echo "$1" >"$r/f"; git -C "$r" add f; git -C "$r" -c user.name=t -c user.email=t@t commit -qm "$1"; }
commit one; commit two
h=$(git -C "$r" rev-parse --short=7 HEAD)
check "$(v "$r")" "0.1.0+2.g$h" "no tag, 2 commits"
git -C "$r" tag v1.2.0
check "$(v "$r")" 1.2.0 "on tag v1.2.0"
commit three
h=$(git -C "$r" rev-parse --short=7 HEAD)
check "$(v "$r")" "1.2.0+1.g$h" "1 commit after v1.2.0"
git -C "$r" tag not-a-version
check "$(v "$r")" "1.2.0+1.g$h" "other tags are ignored"
# A directory inside a repository that is not the project's own root.
mkdir "$r/sub"
check "$(v "$r/sub")" 0.1.0 "a subdirectory of another repository"

# Debian's order: each later state sorts after the earlier one.
order=(0.1.0 0.1.0+2.gffffff0 0.1.0+10.g0000000 1.2.0 1.2.0+1.gabcdef0 1.10.0)
for ((i = 1; i < ${#order[@]}; i++)); do
  dpkg --compare-versions "${order[i-1]}" lt "${order[i]}" || fail "dpkg sorts ${order[i-1]} after ${order[i]}"
done
echo "dpkg order: ${order[*]}"
echo PASS
