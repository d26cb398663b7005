#!/usr/bin/env bash
# package/version: every program shows the configured version (--version), and
# news-searchd's /healthz has it as "version"; the version is git describe's
# for a commit of this repository (or the plain fallback outside git).
# version_test.sh BIN_DIR VERSION SOURCE_DIR
set -euo pipefail
bin=$1 version=$2 src=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

# The form cmake/version.cmake promises: X.Y.Z or X.Y.Z+N.gHASH.
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(\+([0-9]+)\.g([0-9a-f]{7,}))?$ ]] || fail "version '$version' has not the form X.Y.Z[+N.gHASH]"
count=${BASH_REMATCH[2]} hash=${BASH_REMATCH[3]}
if [ -n "$hash" ] && git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$src" cat-file -e "$hash^{commit}" 2>/dev/null || fail "$hash is no commit of $src"
  if git -C "$src" describe --tags --match 'v[0-9]*' "$hash" >/dev/null 2>&1; then
    expect=$(git -C "$src" describe --tags --long --abbrev=7 --match 'v[0-9]*' "$hash" | sed -E 's/^v//; s/-([0-9]+)-g[0-9a-f]+$/+\1/')
    [ "${version%.g*}" = "$expect" ] || fail "version $version, git describe of $hash says $expect"
  else
    n=$(git -C "$src" rev-list --count "$hash")
    [ "$count" = "$n" ] || fail "version counts $count commits, $hash has $n"
  fi
fi
echo "version $version"

for p in news-index news-search news-searchd news-search.cgi news-replica-pull; do
  out=$("$bin/$p" --version) || fail "$p --version exits $?"
  [ "$out" = "$p $version" ] || fail "$p --version says '$out', expected '$p $version'"
  echo "$p --version: $out"
done

# A web server passes GATEWAY_INTERFACE; then arguments are search words, never options.
out=$(GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING= NEWS_DB=/nonexistent "$bin/news-search.cgi" --version || true)
[[ $out == Status:* || $out == Content-Type:* ]] || fail "the CGI run by a web server answered '$out' to --version"

tmp=$(mktemp -d)
pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
healthz() {  # healthz STATUS: /healthz answers STATUS with the version
  local port status body
  "$bin/news-searchd" --db "$tmp/news.db" --listen 127.0.0.1:0 --threads 1 2>"$tmp/searchd.log" &
  pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/searchd.log")
    [ -z "$port" ] || break
    sleep 0.1
  done
  [ -n "$port" ] || fail "news-searchd did not start: $(cat "$tmp/searchd.log")"
  grep -q "news-searchd $version listening" "$tmp/searchd.log" || fail "the start log does not name the version"
  body=$(curl -s -w '\n%{http_code}' "http://127.0.0.1:$port/healthz")
  status=${body##*$'\n'} body=${body%$'\n'*}
  kill "$pid"; wait "$pid" || true; pid=""
  [ "$status" = "$1" ] || fail "/healthz answered $status, expected $1: $body"
  python3 -c 'import json,sys; j=json.loads(sys.argv[1]); sys.exit(0 if j.get("version")==sys.argv[2] else 1)' \
    "$body" "$version" || fail "/healthz has no \"version\": \"$version\": $body"
  echo "/healthz ($status): $body"
}
healthz 503
"$bin/news-index" -q build --source "$src/corpus" --db "$tmp/news.db" >/dev/null
healthz 200
echo "PASS"
