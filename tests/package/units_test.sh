#!/usr/bin/env bash
# package/units: systemd-analyze verify finds nothing to say about each unit
# of packaging/systemd/ (our programs taken from the build, Xapian's from
# xapian-tools), and the exposure (systemd-analyze security) of each unit that
# talks to the network (news-searchd, xapian-tcpsrv@, xapian-replicate-server,
# news-replica-pull) is at most 2.0.
# units_test.sh UNIT_DIR BIN_DIR
set -euo pipefail
units=$1 bin=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v systemd-analyze >/dev/null || { echo "SKIPPED: needs systemd-analyze (package systemd)"; exit 0; }
for tool in xapian-tcpsrv xapian-replicate-server; do
  [ -x "/usr/bin/$tool" ] || { echo "SKIPPED: needs /usr/bin/$tool (package xapian-tools)"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Our installed programs' paths, here the build's: verify checks that ExecStart= can run.
for f in "$units"/*.service "$units"/*.timer; do
  sed "s|/usr/bin/news-|$bin/news-|g" "$f" >"$tmp/$(basename "$f")"
done
n=0
for f in "$tmp"/*; do
  # Documentation=man:… pages exist once the package is installed (package/install checks them).
  out=$(systemd-analyze verify --man=no "$f" 2>&1) || fail "verify $(basename "$f"): $out"
  [ -z "$out" ] || fail "verify $(basename "$f") warns: $out"
  echo "verify $(basename "$f"): ok"
  n=$((n + 1))
done
[ "$n" -ge 9 ] || fail "only $n units in $units"
grep -q '^ExecStart=/usr/bin/news-searchd ' "$units/news-searchd.service" || fail "news-searchd.service does not run /usr/bin/news-searchd"
# xapian-tcpsrv listens on all interfaces unless told: the unit always tells it, loopback by default.
grep -q '^ExecStart=/usr/bin/xapian-tcpsrv .*--interface ${INTERFACE} ' "$units/xapian-tcpsrv@.service" ||
  fail "xapian-tcpsrv@.service does not bind to \${INTERFACE}"
grep -q '^Environment=INTERFACE=127.0.0.1$' "$units/xapian-tcpsrv@.service" || fail "xapian-tcpsrv@.service: INTERFACE is not 127.0.0.1 by default"
! grep -q '^ExecStart=.*--writable' "$units/xapian-tcpsrv@.service" || fail "xapian-tcpsrv@.service serves writable databases"
grep -q '^ExecStart=/usr/bin/xapian-replicate-server --interface ' "$units/xapian-replicate-server.service" ||
  fail "xapian-replicate-server.service does not bind to an interface"

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
  case $name in
    news-searchd.service | xapian-tcpsrv@.service | xapian-replicate-server.service | news-replica-pull.service)
      awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }' || fail "$name exposure $level > 2.0" ;;
  esac
done
echo PASS
