#!/usr/bin/env bash
# Incremental update against a full rebuild, on a generated HTML corpus of N
# articles (default 100,000) from the 10kGNAD data. Prints figures only: no
# pass or fail.
#
#   bench/update_bench.sh [N]          from the project root, after a build
#   BIN=build-nightly/bin bench/update_bench.sh 10000
#
# Environment: BIN (executables, default build/bin), BENCH_CACHE (where the
# generated corpus is kept between runs, default $TMPDIR/news-bench),
# THREADS (news-index -j, default: one per core).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
bin=${BIN:-build/bin}
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/news-bench}
threads=${THREADS:+-j $THREADS}
[ -x "$bin/news-index" ] || { echo "no $bin/news-index: build first (or set BIN)" >&2; exit 2; }

corpus=$cache/html$n
if [ ! -f "$corpus.manifest.tsv" ]; then
  echo "generating $n articles into $corpus ..."
  mkdir -p "$cache"
  python3 ../shared/tools/make_corpus.py --csv ../shared/data/10kgnad/test.csv --out "$corpus" -n "$n" >/dev/null
fi
work=$(mktemp -d)
victim=$(find "$corpus" -name '*.html' | sort | sed -n '2p')
cp -p "$victim" "$work/victim.orig"
restore() { cp -p "$work/victim.orig" "$victim"; rm -rf "$work"; }
trap restore EXIT

db=$work/bench.db
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }
files=$(find "$corpus" -name '*.html' | wc -l)
echo "corpus: $corpus ($files files, $(du -sh "$corpus" | cut -f1)), $(nproc) cores"

t0=$(now)
"$bin/news-index" -q build $threads --source "$corpus" --db "$db" >/dev/null
t1=$(now)
build_s=$(secs "$t0" "$t1")
echo "full build:               ${build_s} s"

t0=$(now)
"$bin/news-index" -q update $threads --source "$corpus" --db "$db" >/dev/null
t1=$(now)
noop_s=$(secs "$t0" "$t1")
echo "update, nothing changed:  ${noop_s} s"

# One new sentence in the article's text (the last paragraph of its body).
python3 - "$victim" <<'PY'
import sys
path = sys.argv[1]
html = open(path, encoding="utf-8").read()
at = html.rfind("</p>", 0, html.find("</article>"))
open(path, "w", encoding="utf-8").write(html[:at] + " Der Kartoffelpufferwettbewerb beginnt." + html[at:])
PY
t0=$(now)
summary=$("$bin/news-index" -q update $threads --source "$corpus" --db "$db" --format json)
t1=$(now)
update_s=$(secs "$t0" "$t1")
changed=$(printf '%s' "$summary" | python3 -c 'import json,sys; print(json.load(sys.stdin)["changed"])')
found=$("$bin/news-search" --db "$db" --format json Kartoffelpufferwettbewerb |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "update, one file changed: ${update_s} s (changed: $changed; new word found in $found article(s))"

python3 - "$build_s" "$update_s" "$noop_s" <<'PY'
import sys
build, update, noop = map(float, sys.argv[1:4])
print(f"update / build:           {update / build:.4f} ({update / build * 100:.2f} % of a rebuild, {build / update:.0f}x faster)")
PY
"$bin/news-index" status --db "$db" | sed -n 's/^\(Documents\|Generation\):/&/p'
