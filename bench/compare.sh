#!/usr/bin/env bash
# The benchmarks of issue 15 in one run (prints figures; not a test):
#   1. indexing: news-index against Xapian Omega's omindex and Sphinx 2.2.11's
#      indexer (fed through xmlpipe2 by bench/html_to_xmlpipe.py), on the same
#      generated HTML files in the same run: documents, MB in, wall and CPU
#      seconds, peak memory, documents per second, index size, and each peer's
#      figure as a ratio to ours (medians of the repeated runs); the size
#      against omindex's compacted index as a ratio;
#   2. queries in process (news-query-bench) on our largest index (at most
#      100k): the mix of ../shared/tools/queries.txt and p50/p99 per query
#      kind (with bench/query_kinds.txt);
#   3. the website (bench/web_bench.sh on that index): the closed-loop peak
#      under wrk and the open-loop curve at fixed rates (plotted with gnuplot);
#   4. the CGI program (bench/cgi_bench.sh, when present);
# then a summary of each target of issue 15: met or not, with the figure.
#
# Usage: bench/compare.sh [--sizes 10000,100000] [--with-1m] [--repeat N]
#                         [--peers omindex,sphinx] [--no-peers] [--parts index,queries,web,cgi]
#                         [--skip-index] [--no-queries] [--web-duration S] [--docs]
#   BIN (default build/bin): news-index, news-query-bench, news-searchd and
#     news-web-bench (and news-search.cgi for the CGI figures).
#   BENCH_CACHE (default /tmp/news-bench): generated corpora (html<N>) and
#     the indexes and results of the last run (compare/).
#   --repeat N: runs per program and size (default 3 up to 10k articles, 1 above).
#   --parts: which parts run (default all four); --skip-index: all but the
#     indexing, on the indexes of an earlier run (its indexing table and the
#     size ratio are printed again from compare/results.tsv); --no-queries:
#     indexing alone (as before).
#   --web-duration S: seconds per phase of the web benchmark (default 20).
#   --docs: the curve goes to docs/web-curve.tsv and docs/web-curve.svg.
#   Installs xapian-omega, sphinxsearch, time, wrk, hey, curl and gnuplot-nox
#   from Debian when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
bin=${BIN:-build/bin}
cache=${BENCH_CACHE:-/tmp/news-bench}
sizes=10000,100000 repeat= peers=omindex,sphinx parts=index,queries,web,cgi web_duration=20 to_docs=
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift ;;
    --with-1m) sizes=$sizes,1000000 ;;
    --repeat) repeat=$2; shift ;;
    --peers) peers=$2; shift ;;
    --no-peers) peers= ;;
    --parts) parts=$2; shift ;;
    --skip-index) parts=queries,web,cgi ;;
    --no-queries) parts=index ;;
    --web-duration) web_duration=$2; shift ;;
    --docs) to_docs=1 ;;
    *) sed -n '2,35p' "$0"; exit 2 ;;
  esac
  shift
done
part() { [[ ,$parts, == *,$1,* ]]; }
[ -x "$bin/news-index" ] || { echo "no $bin/news-index: build first (or set BIN)"; exit 2; }
bin=$(cd "$bin" && pwd)

need=()
if part index; then
  [ -x /usr/bin/time ] || need+=(time)
  [[ ,$peers, == *,omindex,* ]] && ! command -v omindex >/dev/null && need+=(xapian-omega)
  [[ ,$peers, == *,sphinx,* ]] && ! command -v indexer >/dev/null && need+=(sphinxsearch)
fi
if part web && [ -x "$bin/news-searchd" ]; then
  command -v wrk >/dev/null || need+=(wrk)
  command -v hey >/dev/null || need+=(hey)
  command -v curl >/dev/null || need+=(curl)
  command -v gnuplot >/dev/null || need+=(gnuplot-nox)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian ..."
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y "${need[@]}" >/dev/null
fi

work=$cache/compare
mkdir -p "$cache" "$work"
results=$work/results.tsv
part index && : >"$results"
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
  part index || break
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
print("    where the time goes: " + ", ".join(f"{k} {v:.1f} s" for k, v in t.items() if not isinstance(v, dict)))
stages = t.get("stages", {})
if stages:
    print("    per stage (thread-seconds): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items() if not isinstance(v, dict)))
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
if part index; then echo "== indexing"; else echo "== indexing (not rerun: the table of $results, $(date -u -r "$results" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo missing))"; fi
[ -s "$results" ] && python3 - "$results" <<'PY'
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
for n in sorted({k[0] for k in order}):
    if (n, "news-index") in med and (n, "omindex+compact") in med:
        ours, om = med[(n, "news-index")][5], med[(n, "omindex+compact")][5]
        print(f"index size on {n} articles: news-index {ours:.1f} MB, omindex compacted {om:.1f} MB: "
              f"ours / omindex compacted = {ours / om:.2f}")
PY

n=$(tr , '\n' <<<"$sizes" | sort -n | awk '$1 <= 100000' | tail -1)
[ -n "$n" ] && [ -f "$work/ours$n" ] || n=$(for s in ${sizes//,/ }; do [ -f "$work/ours$s" ] && echo "$s"; done | sort -n | head -1)
queries_out=$work/queries.out web_out=$work/web.out cgi_out=$work/cgi.out
rm -f "$queries_out" "$web_out" "$cgi_out"
if [ -z "$n" ]; then
  part queries || part web || part cgi && echo "no index of the sizes $sizes in $work: run the indexing part first"
else
  if part queries && [ -x "$bin/news-query-bench" ]; then
    echo; echo "== queries in process on the $n-article index ($shared/tools/queries.txt by form, bench/query_kinds.txt by tag)"
    "$bin/news-query-bench" --db "$work/ours$n" --queries "$shared/tools/queries.txt" --kinds "$root/bench/query_kinds.txt" \
      >"$queries_out"
    grep -v '^RESULT' "$queries_out"
  fi
  if part web && [ -x "$bin/news-searchd" ] && [ -x "$bin/news-web-bench" ]; then
    echo; echo "== the website on the same index: closed-loop peak and open-loop curve (bench/web_bench.sh)"
    curve_dir=$work; [ -z "$to_docs" ] || curve_dir=$root/docs
    BIN=$bin "$root/bench/web_bench.sh" -n "$n" -b "$work/ours$n" -d "$web_duration" -o "$curve_dir" | tee "$web_out" |
      grep -v '^RESULT'
  fi
  if part cgi; then
    if [ -x "$root/bench/cgi_bench.sh" ]; then
      for s in $(tr , '\n' <<<"$sizes" | sort -n); do  # every size indexed: 10k, 100k, 1M as issue 15 asks
        [ -f "$work/ours$s" ] || continue
        echo; echo "== the CGI program on the $s-article index (bench/cgi_bench.sh)"
        BIN=$bin "$root/bench/cgi_bench.sh" -b "$work/ours$s" | tee -a "$cgi_out" | grep -v '^RESULT'
      done
    else
      echo; echo "== the CGI program: no bench/cgi_bench.sh in this checkout"
    fi
  fi
fi

echo; echo "== targets of issue 15"
python3 - "$results" "$queries_out" "$web_out" "$cgi_out" "${n:-0}" <<'PY'
import os, re, statistics, sys
from collections import defaultdict
results, queries_out, web_out, cgi_out, n = sys.argv[1:6]
n = int(n)
def lines(path):
    return open(path).read().splitlines() if os.path.exists(path) else []
def fields(line):
    return dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
def say(target, status, figure):
    print(f"- {target}: {status}" + (f" ({figure})" if figure else ""))

# Indexing and size, from the largest size indexed (the targets are for 100k).
runs = defaultdict(list)
for line in lines(results):
    name, size, docs, mb, wall, cpu, rss, mb_out = line.split("\t")
    runs[(int(size), name)].append((int(docs or 0), float(wall), float(mb_out)))
med = {k: [statistics.median(c) for c in zip(*v)] for k, v in runs.items()}
sizes = sorted({k[0] for k in med if k[1] == "news-index"})
if sizes:
    s = 100000 if 100000 in sizes else sizes[-1]
    note = "" if s == 100000 else f"; measured on {s} articles, the target is for 100k"
    ours = med[(s, "news-index")]
    rate = ours[0] / ours[1]
    if (s, "omindex") in med:
        om = med[(s, "omindex")]
        ratio = rate / (om[0] / om[1])
        say("indexing at least 3x omindex's docs/s", "met" if ratio >= 3 else "NOT met",
            f"{ratio:.2f}x: {rate:.0f} against {om[0] / om[1]:.0f} docs/s{note}")
        say("common grams only while indexing stays at least 2.5x omindex", "met" if ratio >= 2.5 else "NOT met",
            f"{ratio:.2f}x{note}")
    else:
        say("indexing against omindex", "not measured", "omindex not run")
    if (s, "sphinx") in med:
        sp = med[(s, "sphinx")]
        ratio = rate / (sp[0] / sp[1])
        say("indexing at least 1.3x the Sphinx pipeline", "met" if ratio >= 1.3 else "NOT met", f"{ratio:.2f}x{note}")
    else:
        say("indexing against Sphinx", "not measured", "sphinx not run")
    if (s, "omindex+compact") in med:
        ratio = ours[2] / med[(s, "omindex+compact")][2]
        say("index no larger than omindex compacted", "met" if ratio <= 1 else "NOT met",
            f"ours / omindex compacted = {ratio:.2f}: {ours[2]:.1f} against {med[(s, 'omindex+compact')][2]:.1f} MB{note}")
    else:
        say("index size against omindex compacted", "not measured", "omindex not run")
else:
    say("indexing and index size", "not measured", "no indexing results")

# Queries per kind (the searcher as the website calls it: facets and snippets).
kinds = [fields(l) for l in lines(queries_out) if l.startswith("RESULT kind=")]
full = [k for k in kinds if k.get("mode") == "full"]
if full:
    note = "" if n == 100000 else f"; on {n} articles, the target is for 100k"
    bad = [k for k in full if float(k["p50_ms"]) >= 2 or float(k["p99_ms"]) >= 10]
    say("queries in process p50 < 2 ms and p99 < 10 ms per kind, with facets and snippets",
        "met" if not bad else f"NOT met for {len(bad)} of {len(full)} kinds", note.lstrip("; "))
    for k in full:
        ok = float(k["p50_ms"]) < 2 and float(k["p99_ms"]) < 10
        cpu = (f" (the search thread's CPU: p50 {float(k['cpu_p50_ms']):.2f}, p99 {float(k['cpu_p99_ms']):.2f} ms)"
               if "cpu_p50_ms" in k else "")
        print(f"    {k['kind']:<16} p50 {float(k['p50_ms']):6.2f} ms, p99 {float(k['p99_ms']):7.2f} ms  "
              f"{'met' if ok else 'NOT met':<8}{cpu}")
else:
    say("queries per kind", "not measured", "")

# The website, open loop.
web = [fields(l) for l in lines(web_out) if l.startswith("RESULT target=")]
for t in web:
    if t["target"] == "p99_at_100":
        say("website at 100 req/s, p99 < 20 ms", "met" if t["met"] == "1" else "NOT met", f"p99 {float(t['p99_ms']):.1f} ms")
    elif t["target"] == "p99_50_rate":
        rate, peak = float(t["rate"]), float(t["peak"])
        say("website: highest rate with p99 < 50 ms at least 70% of the closed-loop peak",
            "met" if t["met"] == "1" else "NOT met", f"{rate:g} req/s = {100 * rate / peak:.0f}% of {peak:.0f} req/s")
if not web:
    say("website open loop", "not measured", "")

# The CGI program: bench/cgi_bench.sh's "RESULT cgi docs=N p50_ms=…" per index (the target is for 100k).
cgi = [fields(l) for l in lines(cgi_out) if l.startswith("RESULT cgi ")]
for c in cgi:
    m = float(c["p50_ms"])
    note = "" if c.get("docs") == "100000" else ", the target is for 100k"
    http = f", news-searchd over HTTP {c['http_p50_ms']} ms" if "http_p50_ms" in c else ""
    say(f"CGI search median < 50 ms on {c.get('docs', '?')} articles", "met" if m < 50 else "NOT met",
        f"median {m:.1f} ms, p95 {c.get('p95_ms', '?')} ms, peak RSS {c.get('rss_mb', '?')} MB{http}{note}")
if not cgi:
    say("CGI search median < 50 ms on 100k", "not measured", "no bench/cgi_bench.sh figures")
PY
