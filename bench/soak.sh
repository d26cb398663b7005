#!/usr/bin/env bash
# Soak of the website search (prints figures; not a test): news-searchd on a
# generated corpus at a fixed offered rate (open loop: hey -q), for MINUTES,
# with the index rebuilt and switched every minute. Per minute it prints the
# server's resident memory, open file descriptors and the generations on
# disk; at the end every response's status. Exit 1 when a request failed,
# a generation was left behind, or memory or descriptors kept growing.
#
# Usage: bench/soak.sh [-n ARTICLES] [-m MINUTES] [-r REQ_PER_S]
#   defaults: 10000 articles, 10 minutes, 50 requests/s over five queries of
#   ../shared/tools/queries.txt. BIN (default build/bin), BENCH_CACHE as in
#   bench/web_bench.sh (the corpus is shared with it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
bin=${BIN:-$root/build/bin}
n=10000 minutes=10 rate=50
while getopts "n:m:r:" opt; do
  case $opt in
    n) n=$OPTARG ;; m) minutes=$OPTARG ;; r) rate=$OPTARG ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
command -v hey >/dev/null || { echo "hey is missing: apt-get install hey"; exit 2; }
[ -f "$shared/tools/queries.txt" ] || { echo "no $shared/tools/queries.txt (../shared is needed)"; exit 2; }
bin=$(cd "$bin" && pwd)
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/news-web-bench}
corpus=$cache/html$n
mkdir -p "$cache"
if [ ! -d "$corpus" ]; then
  echo "generating $n articles into $corpus"
  python3 "$shared/tools/make_corpus.py" --csv "$shared/data/10kgnad/test.csv" --out "$corpus" -n "$n" >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/news-soak.XXXXXX")
db=$work/news.db
"$bin/news-index" -q build --source "$corpus" --db "$db" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/news-searchd" --db "$db" --listen "127.0.0.1:$port" --log-level warn 2>"$work/searchd.log" &
server=$!
trap 'kill $server 2>/dev/null; kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# Five queries, each at a fifth of the rate: hey -q is per worker, -c workers each.
mapfile -t queries < <(grep -v '^\s*#' "$shared/tools/queries.txt" | sed '/^\s*$/d' | cut -f1 | head -5)
per_query=$(( (rate + 4) / 5 ))
workers=2
seconds=$((minutes * 60))
i=0
for q in "${queries[@]}"; do
  enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
  hey -z "${seconds}s" -c $workers -q $(( (per_query + workers - 1) / workers )) -t 10 \
    "http://127.0.0.1:$port/api/search?q=$enc" >"$work/hey$i.txt" 2>&1 &
  i=$((i + 1))
done

rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$server/status; }
fds() { ls /proc/$server/fd | wc -l; }
gens() { ls -d "$db.gen"/g* 2>/dev/null | wc -l; }
printf "%-7s %8s %6s %12s %10s\n" minute rss_MB fds generations rebuild_s
printf "%-7s %8s %6s %12s %10s\n" 0 "$(rss)" "$(fds)" "$(gens)" -
declare -a rss_at fds_at
for m in $(seq "$minutes"); do
  start=$(date +%s.%N)
  "$bin/news-index" -q build --source "$corpus" --db "$db" >/dev/null
  took=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
  left=$(python3 -c "import sys; print(max(0.0, 60 - float(sys.argv[1])))" "$took")
  sleep "$left"
  sleep 3  # the server's housekeeping closes idle searchers of the old index
  rss_at[$m]=$(rss) fds_at[$m]=$(fds)
  printf "%-7s %8s %6s %12s %10s\n" "$m" "${rss_at[$m]}" "${fds_at[$m]}" "$(gens)" "$took"
done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true

ok=0 failed=0
for f in "$work"/hey*.txt; do
  ok=$((ok + $(awk '/\[200\]/ {print $2}' "$f" | head -1)))
  failed=$((failed + $(awk '/^  \[[0-9]+\]/ && !/\[200\]/ {s += $2} END {print s + 0}' "$f")))
  failed=$((failed + $(awk '/Error distribution/ {e = 1; next} e && /\[[0-9]+\]/ {s += substr($1, 2) + 0} END {print s + 0}' "$f")))
done
echo "requests: $ok answered 200, $failed failed (offered $rate/s for $minutes min)"
status=0
[ "$failed" -eq 0 ] || { echo "FAIL: failed requests"; status=1; }
[ "$(gens)" -le 2 ] || { echo "FAIL: $(gens) generations left on disk (at most the live one and the one before)"; status=1; }
if [ "$minutes" -ge 4 ]; then
  # Flat after warm-up: the last minute within 20% (and 8 MB) of minute 2.
  first=${rss_at[2]} last=${rss_at[$minutes]}
  [ "$last" -le $((first + first / 5 + 8)) ] || { echo "FAIL: resident memory grew from $first to $last MB"; status=1; }
  [ "${fds_at[$minutes]}" -le $((fds_at[2] + 8)) ] || { echo "FAIL: descriptors grew from ${fds_at[2]} to ${fds_at[$minutes]}"; status=1; }
fi
grep -i "error" "$work/searchd.log" | head -5 || true
exit $status
