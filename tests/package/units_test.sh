#!/usr/bin/env bash
# package/units: systemd-analyze verify finds nothing to say about each unit
# of packaging/systemd/ (its programs taken from the build), and
# news-searchd.service's exposure (systemd-analyze security) is at most 2.0.
# units_test.sh UNIT_DIR BIN_DIR
set -euo pipefail
units=$1 bin=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v systemd-analyze >/dev/null || { echo "SKIPPED: needs systemd-analyze (package systemd)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The installed programs' paths, here the build's: verify checks that ExecStart= can run.
for f in "$units"/*.service "$units"/*.timer; do
  sed "s|/usr/bin/|$bin/|g" "$f" >"$tmp/$(basename "$f")"
done
n=0
for f in "$tmp"/*; do
  # Documentation=man:… pages exist once the package is installed (package/install checks them).
  out=$(systemd-analyze verify --man=no "$f" 2>&1) || fail "verify $(basename "$f"): $out"
  [ -z "$out" ] || fail "verify $(basename "$f") warns: $out"
  echo "verify $(basename "$f"): ok"
  n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n units in $units"
grep -q '^ExecStart=/usr/bin/news-searchd ' "$units/news-searchd.service" || fail "news-searchd.service does not run /usr/bin/news-searchd"

if ! grep -q -- --offline <<<"$(systemd-analyze security --help 2>&1)"; then
  echo "systemd-analyze security --offline: not supported by $(systemd-analyze --version | head -1), exposure not checked"
  exit 0
fi
for f in "$units"/*.service; do
  name=$(basename "$f")
  out=$(systemd-analyze security --offline=yes --no-pager "$f" 2>&1) || fail "security $name: $out"
  level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$out")
  [ -n "$level" ] || fail "security $name: no exposure level in: $out"
  echo "exposure $name: $level"
  if [ "$name" = news-searchd.service ]; then
    awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }' || fail "news-searchd.service exposure $level > 2.0"
  fi
done
echo PASS
