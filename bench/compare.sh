#!/usr/bin/env bash
# Indexing benchmark: news-index against Xapian Omega's omindex and Sphinx
# 2.2.11's indexer (fed through xmlpipe2 by bench/html_to_xmlpipe.py), on the
# same generated HTML files in the same run. Prints one table: documents, MB
# in, wall and CPU seconds, peak memory, documents per second, index size,
# and each peer's figure as a ratio to ours (medians of the repeated runs).
# Then the query latencies of news-query-bench on our largest index (at most
# 100k), and news-searchd under wrk on that index (bench/web_bench.sh).
#
# Usage: bench/compare.sh [--sizes 10000,100000] [--with-1m] [--repeat N]
#                         [--peers omindex,sphinx] [--no-queries]
#   BIN (default build/bin): news-index, news-query-bench, news-searchd and
#     news-web-bench.
#   BENCH_CACHE (default /tmp/news-bench): generated corpora (html<N>) and
#     the indexes of the last run (compare/).
#   --repeat N: runs per program and size (default 3 up to 10k articles, 1 above).
#   Installs xapian-omega, sphinxsearch, time, wrk and curl from Debian when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
bin=${BIN:-build/bin}
cache=${BENCH_CACHE:-/tmp/news-bench}
sizes=10000,100000 repeat= peers=omindex,sphinx queries=1
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift ;;
    --with-1m) sizes=$sizes,1000000 ;;
    --repeat) repeat=$2; shift ;;
    --peers) peers=$2; shift ;;
    --no-peers) peers= ;;
    --no-queries) queries=0 ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
  shift
done
[ -x "$bin/news-index" ] || { echo "no $bin/news-index: build first (or set BIN)"; exit 2; }
bin=$(cd "$bin" && pwd)

need=()
[ -x /usr/bin/time ] || need+=(time)
[[ ,$peers, == *,omindex,* ]] && ! command -v omindex >/dev/null && need+=(xapian-omega)
[[ ,$peers, == *,sphinx,* ]] && ! command -v indexer >/dev/null && need+=(sphinxsearch)
[ "$queries" = 1 ] && [ -x "$bin/news-searchd" ] && ! command -v wrk >/dev/null && need+=(wrk)
[ "$queries" = 1 ] && [ -x "$bin/news-searchd" ] && ! command -v curl >/dev/null && need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian ..."
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y "${need[@]}" >/dev/null
fi

work=$cache/compare
mkdir -p "$cache" "$work"
results=$work/results.tsv
: >"$results"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"

# run NAME SIZE DOCS_CMD SIZE_DIR -- COMMAND...: time one run, append a row.
#   DOCS_CMD prints the number of documents indexed; SIZE_DIR is measured after.
run() {
  local name=$1 n=$2 docs_cmd=$3 size_dir=$4
  shift 5
  local tv=$work/time.txt
  sync
  /usr/bin/time -v -o "$tv" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
    echo "$name failed (see $work/$name.err)"; tail -5 "$work/$name.err"; return 1; }
  python3 - "$tv" "$name" "$n" "$(eval "$docs_cmd")" "$(du -sb "$(eval echo "$size_dir")" | cut -f1)" \
    "$(find "$cache/html$n/" -type f -printf '%s\n' | awk '{s += $1} END {print s}')" "${EXTRA_RUSAGE:-}" \
    >>"$results" <<'PY'
import os, re, sys
tv, name, n, docs, size, mb_in, extra = sys.argv[1:]
t = open(tv).read()
def get(label):
    return re.search(re.escape(label) + r": (.*)", t).group(1).strip()
parts = [float(x) for x in get("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
cpu = float(get("User time (seconds)")) + float(get("System time (seconds)"))
rss = int(get("Maximum resident set size (kbytes)")) / 1024
if extra and os.path.exists(extra):  # a helper the program does not wait for: add its CPU and memory
    c, m = open(extra).read().split()
    cpu, rss = cpu + float(c), rss + int(m) / 1024
print("\t".join(map(str, [name, n, docs, int(mb_in) / 1e6, wall, cpu, rss, int(size) / 1e6])))
PY
  tail -1 "$results" | awk -F'\t' '{printf "  %-20s %8d docs %8.1f s wall %8.1f s cpu %7.0f MB peak %8.1f MB index\n", $1, $3, $5, $6, $7, $8}'
}

ours_gen() { echo "$1.gen/$(sed -n 's|.*\.gen/||p' "$1")"; }   # the stub names its generation

sphinx_conf() {  # $1 corpus, $2 index dir
  cat <<CONF
source news
{
    type = xmlpipe2
    xmlpipe_command = python3 $root/bench/html_to_xmlpipe.py $1
}
index news
{
    source = news
    path = $2/news
    morphology = libstemmer_de
    charset_table = 0..9, A..Z->a..z, _, a..z, U+C0..U+DE->U+E0..U+FE, U+E0..U+FF
    min_word_len = 1
}
indexer
{
    mem_limit = 256M
}
CONF
}

for n in ${sizes//,/ }; do
  corpus=$cache/html$n
  if [ ! -f "$corpus.manifest.tsv" ]; then
    echo "generating $n articles into $corpus ..."
    python3 "$shared/tools/make_corpus.py" --csv "$shared/data/10kgnad/test.csv" --out "$corpus" -n "$n" >/dev/null
  fi
  reps=${repeat:-$([ "$n" -le 10000 ] && echo 3 || echo 1)}
  echo "== $n articles, $reps run(s) each; reading the files once to warm the page cache"
  find "$corpus" -type f -print0 | xargs -0 cat >/dev/null
  for ((r = 1; r <= reps; r++)); do
    db=$work/ours$n
    rm -rf "$db" "$db.gen" "$db.lock"
    run news-index "$n" "python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[\"documents\"])' $work/news-index.out" \
      "\$(ours_gen $db)" -- "$bin/news-index" -q --format json build --source "$corpus" --db "$db"
    python3 - "$work/news-index.out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t = j["timings"]
print("    where the time goes: " + ", ".join(f"{k} {v:.1f} s" for k, v in t.items()))
PY
    if [[ ,$peers, == *,omindex,* ]]; then
      om=$work/omindex$n
      rm -rf "$om" "$om.compact"
      run omindex "$n" "xapian-delve $om | sed -n 's/^number of documents = //p'" "$om" -- \
        omindex --db "$om" --url / --stemmer german --overwrite "$corpus"
      run omindex+compact "$n" "xapian-delve $om.compact | sed -n 's/^number of documents = //p'" "$om.compact" -- \
        xapian-compact "$om" "$om.compact"
    fi
    if [[ ,$peers, == *,sphinx,* ]]; then
      sp=$work/sphinx$n
      rm -rf "$sp"; mkdir -p "$sp"
      sphinx_conf "$corpus" "$sp" >"$work/sphinx$n.conf"
      rm -f "$work/xmlpipe.rusage"
      XMLPIPE_RUSAGE=$work/xmlpipe.rusage EXTRA_RUSAGE=$work/xmlpipe.rusage \
        run sphinx "$n" "sed -n 's/^total \([0-9]*\) docs.*/\1/p' $work/sphinx.out | tail -1" "$sp" -- \
        indexer --config "$work/sphinx$n.conf" news
    fi
  done
done

echo
python3 - "$results" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list)
order = []
for line in open(sys.argv[1]):
    name, n, docs, mb, wall, cpu, rss, size = line.rstrip("\n").split("\t")
    key = (int(n), name)
    if key not in runs: order.append(key)
    runs[key].append([int(docs or 0), float(mb), float(wall), float(cpu), float(rss), float(size)])
med = {k: [statistics.median(col) for col in zip(*v)] for k, v in runs.items()}
head = f"{'program':<17}{'articles':>9}{'docs':>9}{'MB in':>8}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}{'docs/s':>9}{'index MB':>10}{'runs':>5}   ratio to news-index: docs/s, peak, index"
print(head)
for n in sorted({k[0] for k in order}):
    ours = med.get((n, "news-index"))
    for key in [k for k in order if k[0] == n]:
        docs, mb, wall, cpu, rss, size = med[key]
        name = key[1]
        if name == "omindex+compact":   # compaction of omindex's output: its time adds to omindex's
            om = med[(n, "omindex")]
            docs, rate = om[0], om[0] / (om[2] + wall)
        else:
            rate = docs / wall if wall else 0
        ratio = ""
        if ours and name != "news-index":
            o_rate = ours[0] / ours[2]
            ratio = f"{rate / o_rate:6.2f}x {rss / ours[4]:6.2f}x {size / ours[5]:6.2f}x"
        print(f"{name:<17}{n:>9}{int(docs):>9}{mb:>8.1f}{wall:>9.1f}{cpu:>9.1f}{rss:>9.0f}{rate:>9.0f}{size:>10.1f}{len(runs[key]):>5}   {ratio}")
print("\nomindex+compact: wall/CPU/peak are xapian-compact's own; its docs/s counts omindex + compact.")
print("sphinx: CPU and peak include the HTML-to-text converter (bench/html_to_xmlpipe.py) feeding it.")
PY

if [ "$queries" = 1 ] && [ -x "$bin/news-query-bench" ]; then
  n=$(tr , '\n' <<<"$sizes" | sort -n | tail -1)
  [ "$n" -gt 100000 ] && n=100000
  [ -f "$work/ours$n" ] || n=$(tr , '\n' <<<"$sizes" | sort -n | head -1)
  echo; echo "== queries ($shared/tools/queries.txt) on the $n-article index, in process"
  "$bin/news-query-bench" --db "$work/ours$n" --queries "$shared/tools/queries.txt" | grep -v '^RESULT'
  if [ -x "$bin/news-searchd" ] && [ -x "$bin/news-web-bench" ]; then
    echo; echo "== news-searchd under wrk on the same index (bench/web_bench.sh)"
    BIN=$bin "$(dirname "$0")/web_bench.sh" -n "$n" -b "$work/ours$n" | grep -v '^RESULT'
  fi
fi
