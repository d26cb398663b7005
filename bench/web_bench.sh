#!/usr/bin/env bash
# Benchmark of the website search (prints figures; not a test).
# Builds a generated corpus of N articles from the 10kGNAD data (cached),
# indexes it, then in the same run:
#   1. wrk, 16 connections for D seconds, against news-searchd's /api/search
#      with the queries of ../shared/tools/queries.txt (bench/web_bench.lua);
#   2. the same queries in process through the searcher library alone
#      (news-web-bench, as many threads as connections);
# and prints req/s, p50/p99 and the ratio (HTTP, JSON and wrk's own CPU on the same cores).
#
# Usage: bench/web_bench.sh [-n ARTICLES] [-d SECONDS] [-c CONNECTIONS] [-b DB]
#   -b DB: measure this existing database (e.g. bench/compare.sh's) instead of
#          generating and indexing a corpus of ARTICLES.
#   BIN (default build/bin) is where news-index, news-searchd and news-web-bench are.
#   BENCH_CACHE (default $TMPDIR/news-web-bench) keeps the generated corpus and index.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
bin=${BIN:-build/bin}
n=100000 duration=20 connections=16 given_db=
while getopts "n:d:c:b:" opt; do
  case $opt in
    n) n=$OPTARG ;; d) duration=$OPTARG ;; c) connections=$OPTARG ;; b) given_db=$OPTARG ;;
    *) sed -n '2,16p' "$0"; exit 2 ;;
  esac
done
for tool in news-index news-searchd news-web-bench; do
  [ -x "$bin/$tool" ] || { echo "no $bin/$tool: build first (or set BIN)"; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
bin=$(cd "$bin" && pwd)
queries=$shared/tools/queries.txt
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/news-web-bench}
mkdir -p "$cache"
corpus=$cache/html$n db=$cache/db$n
if [ -n "$given_db" ]; then
  [ -e "$given_db" ] || { echo "no database at $given_db"; exit 2; }
  db=$given_db
fi

if [ -z "$given_db" ] && [ ! -f "$corpus.manifest.tsv" ]; then
  echo "generating $n articles into $corpus ..."
  python3 "$shared/tools/make_corpus.py" --csv "$shared/data/10kgnad/test.csv" --out "$corpus" -n "$n" >/dev/null
fi
index() {
  echo "indexing $corpus ..."
  local start=$(date +%s)
  "$bin/news-index" -q build --source "$corpus" --db "$db" >/dev/null
  echo "indexed in $(( $(date +%s) - start )) s"
}
log=$(mktemp)
server=
stop_server() { [ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=; }; }
trap 'stop_server; rm -f "$log"' EXIT
start_server() {  # sets url; the server's index must answer /healthz
  : >"$log"
  "$bin/news-searchd" --db "$db" --listen 127.0.0.1:0 --threads "$connections" --log-level info 2>"$log" &
  server=$!
  url=
  for _ in $(seq 100); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log"; echo "news-searchd did not start"; exit 1; }
}
[ -n "$given_db" ] || { [ -f "$db" ] && [ "$db" -nt "$corpus.manifest.tsv" ]; } || index
start_server
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" != 200 ]; then
  [ -z "$given_db" ] || { stop_server; cat "$log"; echo "news-searchd cannot serve $given_db"; exit 1; }
  stop_server  # an index of another schema: build it again
  index
  start_server
fi
docs=$(curl -s "$url/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
echo "index: $docs documents; queries: $(grep -c . "$queries") from $queries"

# Warm both the OS cache and the server's searchers, then measure.
wrk -t2 -c"$connections" -d3s --timeout 30s -s "$root/bench/web_bench.lua" "$url" -- "$queries" >/dev/null
echo "wrk: $connections connections, ${duration} s, /api/search ..."
http=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 30s -s "$root/bench/web_bench.lua" "$url" -- "$queries" | grep '^RESULT')
stop_server
echo "in process: $connections threads, ${duration} s, Searcher::search ..."
inproc=$("$bin/news-web-bench" --db "$db" --queries "$queries" --threads "$connections" --duration "$duration" |
  grep '^RESULT')

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
printf '\n%-28s %10s %10s %10s %8s\n' "" "req/s" "p50 ms" "p99 ms" "errors"
printf '%-28s %10s %10s %10s %8s\n' "HTTP /api/search (wrk)" "$(field "$http" rps)" "$(field "$http" p50_ms)" \
  "$(field "$http" p99_ms)" "$(field "$http" errors)"
printf '%-28s %10s %10s %10s %8s\n' "in process (searcher)" "$(field "$inproc" rps)" "$(field "$inproc" p50_ms)" \
  "$(field "$inproc" p99_ms)" "$(field "$inproc" errors)"
echo "(HTTP errors: $(field "$http" non2xx) non-2xx answers, $(field "$http" timeouts) client timeouts of 30 s)"
python3 - "$(field "$http" rps)" "$(field "$inproc" rps)" "$(field "$http" p50_ms)" "$(field "$inproc" p50_ms)" <<'PY'
import sys
h, i, hp, ip = map(float, sys.argv[1:])
print(f"\nratio in-process / HTTP: throughput {i / h:.2f}x, p50 latency HTTP / in-process {hp / ip:.2f}x "
      f"(HTTP, JSON and wrk's own CPU on the same cores: {100 * (1 - h / i):.0f}% of throughput)")
PY
