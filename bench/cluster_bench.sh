#!/usr/bin/env bash
# Benchmark of a cluster (issue 14; prints figures, not a test): the same
# generated corpus of N articles as one local index and as 2, 4, ... shards,
# each shard served by its own xapian-tcpsrv on 127.0.0.1 and searched
# through a cluster file (the lexicon local, the shards remote). Per
# configuration:
#   1. news-searchd under a fixed-rate load from hey: one hey stream per query
#      of ../shared/tools/queries.txt, the streams started 1/RATE s apart, so
#      the searches arrive evenly at RATE per second in all, whatever the
#      answers take (open loop while an answer takes less than 50/RATE s);
#      p50/p95/p99 of the answers, and the CPU time news-searchd and the
#      xapian-tcpsrv process groups spent per search (utime+stime from /proc,
#      finished children included);
#   2. round trips per search: strace -c on every xapian-tcpsrv process while
#      each query is searched once through news-searchd: the socket reads
#      (requests received) and writes of the shards per search, and the
#      database block reads (pread64) beside them;
#   3. in process, one thread: the website's request (recency, facets,
#      snippets) through the searcher library (news-web-bench --threads 1),
#      p50/p95/p99 and the front end's CPU per search.
# Then one table, and RESULT lines for docs/benchmarks.md.
#
# Usage: bench/cluster_bench.sh [-n ARTICLES] [-s "2 4"] [-r RATE] [-d SECONDS] [-k]
#   -n ARTICLES  corpus size (default 100000), generated and indexed once
#   -s SHARDS    shard counts (each above 1) to compare with the single index (default "2 4")
#   -r RATE      searches per second sent to news-searchd (default 4)
#   -d SECONDS   length of the fixed-rate phase and of the in-process phase (default 30)
#   -k           keep the temporary directory (cluster files, logs, hey's CSV)
#   BIN (default build/bin) is where news-index, news-searchd and news-web-bench are.
#   BENCH_CACHE (default $TMPDIR/news-web-bench, shared with web_bench.sh) keeps
#   the corpus, the single index (db<N>) and the sharded ones (db<N>-shards<S>).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
bin=${BIN:-build/bin}
n=100000 shard_counts="2 4" rate=4 duration=30 keep=
while getopts "n:s:r:d:k" opt; do
  case $opt in
    n) n=$OPTARG ;; s) shard_counts=$OPTARG ;; r) rate=$OPTARG ;; d) duration=$OPTARG ;; k) keep=1 ;;
    *) sed -n '2,31p' "$0"; exit 2 ;;
  esac
done
for tool in news-index news-searchd news-web-bench; do
  [ -x "$bin/$tool" ] || { echo "no $bin/$tool: build first (or set BIN)" >&2; exit 2; }
done
for tool in xapian-tcpsrv:xapian-tools hey:hey strace:strace curl:curl python3:python3 setsid:util-linux; do
  command -v "${tool%%:*}" >/dev/null || { echo "${tool%%:*} is missing: apt-get install ${tool#*:}" >&2; exit 2; }
done
bin=$(cd "$bin" && pwd)
queries=$shared/tools/queries.txt
[ -f "$queries" ] || { echo "no $queries (../shared beside the clone)" >&2; exit 2; }
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/news-web-bench}
mkdir -p "$cache"
corpus=$cache/html$n
tmp=$(mktemp -d)
searchd= tcpsrv_groups=()
stop_searchd() { [ -z "$searchd" ] || { kill "$searchd" 2>/dev/null; wait "$searchd" 2>/dev/null || true; searchd=; }; }
stop_shards() {  # xapian-tcpsrv forks a child per connection and signals its group at SIGTERM
  local g
  for g in "${tcpsrv_groups[@]}"; do kill -- "-$g" 2>/dev/null || true; wait "$g" 2>/dev/null || true; done
  tcpsrv_groups=()
}
cleanup() { stop_searchd; stop_shards; [ -n "$keep" ] && echo "kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT

if [ ! -f "$corpus.manifest.tsv" ]; then
  echo "generating $n articles into $corpus ..."
  python3 "$shared/tools/make_corpus.py" --csv "$shared/data/10kgnad/test.csv" --out "$corpus" -n "$n" >/dev/null
fi
# db<N> for one index, db<N>-shards<S> for S shards (stub files).
db_path() { [ "$1" = 1 ] && echo "$cache/db$n" || echo "$cache/db$n-shards$1"; }
index() {  # index SHARDS: build when missing or older than the corpus
  local db; db=$(db_path "$1")
  [ "${2:-}" != force ] && [ -f "$db" ] && [ "$db" -nt "$corpus.manifest.tsv" ] && return
  local start; start=$(date +%s)
  local args=(); [ "$1" = 1 ] || args=(--shards "$1")
  echo "indexing $corpus into $db ${args[*]} ..."
  "$bin/news-index" -q build --source "$corpus" --db "$db" "${args[@]}" >/dev/null
  echo "indexed in $(( $(date +%s) - start )) s"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_shards() {  # start_shards SHARDS: one xapian-tcpsrv per shard; sets cluster (the cluster file)
  local stub; stub=$(db_path "$1")
  local parts=() line p
  while read -r line; do
    [[ $line == auto\ * ]] || continue
    p=${line#auto }
    [[ $p == /* ]] || p=$(dirname "$stub")/$p
    parts+=("$p")
  done <"$stub"
  [ "${#parts[@]}" = $(( $1 + 1 )) ] || { echo "expected a lexicon and $1 shards in $stub" >&2; exit 1; }
  cluster=$tmp/cluster$1.stub
  echo "auto ${parts[0]}" >"$cluster"
  local i port
  for (( i = 1; i <= $1; i++ )); do
    port=$(free_port)
    # setsid: the server leads a process group of its own (its pid is the group's id).
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" --quiet "${parts[$i]}" >"$tmp/tcpsrv$i.log" 2>&1 &
    tcpsrv_groups+=("$!")
    echo "remote 127.0.0.1:$port" >>"$cluster"
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  done
}
start_searchd() {  # start_searchd DB: sets url
  local log=$tmp/searchd.log
  : >"$log"
  "$bin/news-searchd" --db "$1" --listen 127.0.0.1:0 --threads 4 --log-level info 2>"$log" &
  searchd=$!
  url=
  for _ in $(seq 100); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log"; echo "news-searchd did not start" >&2; exit 1; }
}
mapfile -t qs < <(grep . "$queries")
mapfile -t encoded < <(python3 -c '
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip(): print(urllib.parse.quote(line.rstrip("\n"), safe=""))' "$queries")
each_query_once() {
  local e
  for e in "${encoded[@]}"; do curl -s -o /dev/null "$url/api/search?q=$e"; done
}
# CPU ticks of the xapian-tcpsrv process groups while it runs, until SIGTERM;
# then prints them. xapian-tcpsrv ignores SIGCHLD, so a finished child's time
# is in nobody's cutime: every member is sampled 4 times a second and a child
# counts with its last sample (a child ends when the front end drops its
# connection, idle by then). Run it in the background only (it execs).
sample_groups() {
  exec python3 - "$@" <<'PY'
import os, signal, sys, time
groups = set(int(g) for g in sys.argv[1:])
def ticks():
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        f = stat[stat.rindex(")") + 2:].split()  # fields from the 3rd (state) on
        if int(f[2]) in groups:  # pgrp
            out[int(pid)] = int(f[11]) + int(f[12])  # utime stime
    return out
base = ticks()
last = dict(base)
stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
while not stop:
    time.sleep(0.25)
    last.update(ticks())
last.update(ticks())
print(sum(t - base.get(pid, 0) for pid, t in last.items()))
PY
}
proc_ticks() {  # utime+stime of one process (all its threads)
  python3 -c "f = open('/proc/$1/stat').read(); f = f[f.rindex(')') + 2:].split(); print(int(f[11]) + int(f[12]))"
}
hz=$(getconf CLK_TCK)
group_pids() {  # every process of the xapian-tcpsrv groups
  local g
  for g in "${tcpsrv_groups[@]}"; do pgrep -g "$g" || true; done
}

results=()
for shards in 1 $shard_counts; do
  index "$shards"
  db=$(db_path "$shards")
  if [ "$shards" = 1 ]; then label="1 index (local)"; target=$db; else
    label="$shards shards (tcpsrv)"; start_shards "$shards"; target=$cluster; fi
  start_searchd "$target"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" != 200 ]; then
    echo "news-searchd cannot serve $db: building it again (another schema?)"
    stop_searchd; stop_shards; index "$shards" force
    [ "$shards" = 1 ] || { start_shards "$shards"; target=$cluster; }
    start_searchd "$target"
  fi
  docs=$(curl -s "$url/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
  echo "== $label: $docs documents =="
  each_query_once; each_query_once  # warm: OS cache, the workers' searchers and connections

  # Round trips: the shards' socket reads and writes while each query is searched once.
  rt=0 wr=0 pr=0
  if [ "$shards" != 1 ]; then
    mapfile -t pids < <(group_pids)
    strace_args=(); for p in "${pids[@]}"; do strace_args+=(-p "$p"); done
    strace -f -c -o "$tmp/strace$shards" "${strace_args[@]}" 2>"$tmp/strace$shards.err" &
    tracer=$!
    sleep 1  # attached
    each_query_once
    kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true
    read -r rt wr pr < <(python3 - "$tmp/strace$shards" "${#qs[@]}" <<'PY'
import sys
calls = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) >= 5 and f[-1].isidentifier() and f[3].isdigit():
        calls[f[-1]] = int(f[3])
n = int(sys.argv[2])
reads = sum(calls.get(c, 0) for c in ("read", "recvfrom", "recvmsg", "readv"))
writes = sum(calls.get(c, 0) for c in ("write", "sendto", "sendmsg", "writev"))
print(f"{reads / n:.1f} {writes / n:.1f} {calls.get('pread64', 0) / n:.1f}")
PY
)
  fi

  # Fixed rate: one hey stream per query, RATE/queries searches per second each.
  per_stream=$(python3 -c "print(${rate} / ${#qs[@]})")
  count=$(python3 -c "import math; print(max(1, math.ceil(${duration} * ${rate} / ${#qs[@]})))")
  echo "hey: $rate searches/s in all, $count per query, ${#qs[@]} queries ..."
  front0=$(proc_ticks "$searchd")
  sampler=
  [ "$shards" = 1 ] || { sample_groups "${tcpsrv_groups[@]}" >"$tmp/shard_ticks$shards" & sampler=$!; }
  sleep 0.5  # its first sample taken
  heys=()
  for i in "${!encoded[@]}"; do
    hey -n "$count" -c 1 -q "$per_stream" -t 30 -o csv "$url/api/search?q=${encoded[$i]}" >"$tmp/hey$shards.$i.csv" 2>&1 &
    heys+=("$!")
    sleep "$(python3 -c "print(1 / ${rate})")"
  done
  for h in "${heys[@]}"; do wait "$h" || true; done
  front1=$(proc_ticks "$searchd")
  back=0
  [ -z "$sampler" ] || { kill -TERM "$sampler"; wait "$sampler" || true; back=$(cat "$tmp/shard_ticks$shards"); }
  http=$(python3 - "$tmp" "$shards" "$front1" "$front0" "$back" 0 "$hz" $(( count * ${#qs[@]} )) <<'PY'
import csv, glob, sys
tmp, shards, f1, f0, b1, b0, hz, expected = sys.argv[1:]
ms, errors = [], 0
for path in glob.glob(f"{tmp}/hey{shards}.*.csv"):
    for row in csv.reader(open(path)):
        if not row or row[0] == "response-time":
            continue
        try:
            if row[6] != "200":
                errors += 1
            ms.append(float(row[0]) * 1000)
        except (IndexError, ValueError):
            errors += 1
errors += max(0, int(expected) - len(ms))  # hey's CSV leaves out requests that got no answer
ms.sort()
pct = lambda p: ms[min(len(ms) - 1, int(p / 100 * len(ms)))] if ms else 0
n = max(1, len(ms))
cpu = lambda a, b: 1000 * (int(a) - int(b)) / int(hz) / n
print(f"requests={len(ms)} errors={errors} p50_ms={pct(50):.1f} p95_ms={pct(95):.1f} p99_ms={pct(99):.1f} "
      f"front_cpu_ms={cpu(f1, f0):.1f} shard_cpu_ms={cpu(b1, b0):.1f}")
PY
)
  stop_searchd

  echo "in process: one thread, ${duration} s ..."
  inproc=$("$bin/news-web-bench" --db "$target" --queries "$queries" --threads 1 --duration "$duration" --warmup |
    grep '^RESULT')
  stop_shards
  results+=("RESULT config=$shards docs=$docs rate=$rate $http rt_reads=$rt rt_writes=$wr preads=$pr $(sed 's/ \([a-z0-9_]*\)=/ inproc_\1=/g' <<<" ${inproc#RESULT }")")
done

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
echo
echo "$n articles, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-20s | %-23s | %-29s | %-17s | %-24s\n' "" "in process, 1 thread" "news-searchd, hey fixed rate" \
  "shard syscalls/q" "CPU ms per search"
printf '%-20s | %7s %7s %7s | %7s %7s %7s %5s | %5s %5s %5s | %7s %7s %8s\n' "configuration" p50 p95 p99 \
  p50 p95 p99 err reads writs pread "in-proc" searchd "shards"
for r in "${results[@]}"; do
  c=$(field "$r" config)
  [ "$c" = 1 ] && name="1 index (local)" || name="$c shards (tcpsrv)"
  printf '%-20s | %7s %7s %7s | %7s %7s %7s %5s | %5s %5s %5s | %7s %7s %8s\n' "$name" \
    "$(field "$r" inproc_p50_ms)" "$(field "$r" inproc_p95_ms)" "$(field "$r" inproc_p99_ms)" \
    "$(field "$r" p50_ms)" "$(field "$r" p95_ms)" "$(field "$r" p99_ms)" "$(field "$r" errors)" \
    "$(field "$r" rt_reads)" "$(field "$r" rt_writes)" "$(field "$r" preads)" \
    "$(field "$r" inproc_cpu_ms_per_search)" "$(field "$r" front_cpu_ms)" "$(field "$r" shard_cpu_ms)"
done
echo "(latencies in ms; hey: $rate searches/s; shard syscalls: all shards together, per search, under strace;"
echo " CPU: news-web-bench's own / news-searchd's / all xapian-tcpsrv processes', per search)"
printf '%s\n' "${results[@]}"
