#!/usr/bin/env bash
# Relevance benchmark: the German analysis on (full) and off (basic).
#
# Converts the 10kGNAD test split at run time, indexes it together with corpus/
# twice (--analysis full and --analysis basic), runs every query of
# tests/relevance/queries.tsv against both and prints one table: recall@10,
# MRR and share of queries whose expected first hit is first, must_not_find
# violations, recall@10 and MRR by note tag (with the must_not_find ids the
# tag's queries returned), indexing time and index size.
# Figures only, no pass/fail (the floor is tests/relevance/check.py, in ctest).
#
# Usage: bench/relevance.sh [--details]      (from anywhere; paths are relative
#        to the project root)
#   --details   also list every query that misses a must_find id or returns a
#               must_not_find id, with both profiles' top hits
# Environment: BIN (executables, default build/bin), GNAD_CSV (default
#   ../shared/data/10kgnad/test.csv), QUERIES (default tests/relevance/queries.tsv),
#   RUNS (index each profile RUNS times, report the fastest; default 1),
#   KEEP=1 keeps the work directory.
# Needs bash and python3 (standard library only).
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${BIN:-build/bin}
GNAD_CSV=${GNAD_CSV:-../shared/data/10kgnad/test.csv}
QUERIES=${QUERIES:-tests/relevance/queries.tsv}
RUNS=${RUNS:-1}
DETAILS=0
for arg in "$@"; do
  case $arg in
    --details) DETAILS=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "relevance.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

for exe in news-index news-search; do
  [[ -x $BIN/$exe ]] || { echo "relevance.sh: $BIN/$exe not found (build it or set BIN)" >&2; exit 1; }
done
[[ -r $GNAD_CSV ]] || { echo "relevance.sh: $GNAD_CSV not readable (set GNAD_CSV)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/relevance-bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then echo "work directory: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

python3 tests/tools/gnad_to_xml.py "$GNAD_CSV" "$work/gnad" 2>/dev/null

# Build both indexes RUNS times, alternating, and keep the fastest wall time
# (the machine is shared); size is du of the generation directory (the db path
# is a stub file "auto PATH.gen/gNNNNNN", relative to the stub's directory).
declare -A secs kib
for (( run = 1; run <= RUNS; run++ )); do
  for profile in full basic; do
    db=$work/$profile.db
    rm -rf "$db" "$db.gen" "$db.lock"
    start=$(date +%s.%N)
    rc=0
    "$BIN/news-index" -q build --source corpus --source "$work/gnad" --db "$db" --analysis "$profile" \
      >"$work/$profile.log" 2>&1 || rc=$?
    end=$(date +%s.%N)
    if (( rc != 0 && rc != 3 )); then   # 3: done, but some files were skipped
      echo "relevance.sh: news-index ($profile) failed with exit code $rc:" >&2
      cat "$work/$profile.log" >&2
      exit 1
    fi
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    if [[ -z ${secs[$profile]:-} ]] || awk -v t="$t" -v m="${secs[$profile]}" 'BEGIN { exit !(t < m) }'; then
      secs[$profile]=$t
    fi
    gen=$(awk '{ print $NF }' "$db")
    [[ $gen == /* ]] || gen=$(dirname "$db")/$gen
    kib[$profile]=$(du -sk "$gen" | cut -f1)
  done
done

BIN=$BIN QUERIES=$QUERIES WORK=$work DETAILS=$DETAILS RUNS=$RUNS \
SECS_FULL=${secs[full]} SECS_BASIC=${secs[basic]} KIB_FULL=${kib[full]} KIB_BASIC=${kib[basic]} \
python3 - <<'PY'
import os
import sys
from collections import OrderedDict

sys.path.insert(0, os.path.join("tests", "relevance"))
sys.dont_write_bytecode = True
import relevance as rel

env = os.environ
queries = rel.load_queries(env["QUERIES"])
work = env["WORK"]
res = {p: rel.evaluate(env["BIN"], os.path.join(work, p + ".db"), queries) for p in ("full", "basic")}
s = {p: rel.summary(res[p]) for p in res}
n = len(queries)
corpus_q = sum(1 for q in queries if any(not i.startswith("gnad-") for i in q.must))
gnad_q = n - corpus_q

rows = []
def row(label, full, basic):
    rows.append((label, full, basic))
def pct(k, total):
    return "%d/%d (%.1f%%)" % (k, total, 100.0 * k / total)

row("recall@10 (mean over queries)", "%.3f" % s["full"]["recall"], "%.3f" % s["basic"]["recall"])
row("MRR of the expected first hit", "%.3f" % s["full"]["mrr"], "%.3f" % s["basic"]["mrr"])
row("expected first hit ranked first", pct(s["full"]["first"], n), pct(s["basic"]["first"], n))
row("all must_find ids in the top 10", pct(sum(r.recall == 1 for r in res["full"]), n),
    pct(sum(r.recall == 1 for r in res["basic"]), n))
row("must_not_find ids in the top 10",
    "%d in %d queries" % (s["full"]["violations"], s["full"]["violating_queries"]),
    "%d in %d queries" % (s["basic"]["violations"], s["basic"]["violating_queries"]))
tags = OrderedDict()
for q in queries:
    for t in q.tags:
        if t not in ("trap", "known failure"):
            tags.setdefault(t, []).append(q)
for t, qs in tags.items():
    idx = [queries.index(q) for q in qs]
    def per_tag(p):
        r = sum(res[p][i].recall for i in idx) / len(idx)
        m = sum(res[p][i].rr for i in idx) / len(idx)
        v = sum(len(res[p][i].violations) for i in idx)
        return "%.3f / %.3f" % (r, m) + (" (%d must-not)" % v if v else "")
    row("  recall@10 / MRR [%s] (%d)" % (t, len(idx)), per_tag("full"), per_tag("basic"))
row("indexing time, wall seconds (best of %s)" % env["RUNS"], env["SECS_FULL"], env["SECS_BASIC"])
row("index size on disk (du), MB", "%.1f" % (int(env["KIB_FULL"]) / 1024), "%.1f" % (int(env["KIB_BASIC"]) / 1024))
errors = s["full"]["errors"] + s["basic"]["errors"]
if errors:
    row("queries refused by news-search", str(s["full"]["errors"]), str(s["basic"]["errors"]))

print("Relevance: %d queries (%d with corpus/ answers, %d on 10kGNAD), top %d hits, corpus/ + 10kGNAD in one index"
      % (n, corpus_q, gnad_q, rel.TOP))
print()
w = max(len(r[0]) for r in rows)
wf = max(len(r[1]) for r in rows + [("", "full", "")])
wb = max(len(r[2]) for r in rows + [("", "", "basic")])
print("%-*s  %*s  %*s" % (w, "", wf, "full", wb, "basic"))
print("%s  %s  %s" % ("-" * w, "-" * wf, "-" * wb))
for label, f, b in rows:
    print("%-*s  %*s  %*s" % (w, label, wf, f, wb, b))

if env.get("DETAILS") == "1":
    def short(i):
        return i if len(i) <= 32 else "…" + i.rstrip("/").rsplit("/", 1)[-1][:31]
    print()
    print("Queries with a missing must_find id or a must_not_find id in the top 10 (line: query)")
    for i, q in enumerate(queries):
        f, b = res["full"][i], res["basic"][i]
        if f.recall == 1 and not f.violations and f.rank == 1 and b.recall == 1 and not b.violations and b.rank == 1:
            continue
        print("\n%d: %s" % (q.line_no, q.text))
        for p, r in (("full", f), ("basic", b)):
            parts = ["recall %.2f" % r.recall, "first hit at %s" % (r.rank or "-")]
            if r.missing:
                parts.append("missing " + ", ".join(short(x) for x in r.missing))
            if r.violations:
                parts.append("VIOLATION " + ", ".join(short(x) for x in r.violations))
            if r.error:
                parts.append("error: " + r.error)
            print("  %-5s %s" % (p, "; ".join(parts)))
            print("        top: " + " ".join(short(x) for x in r.ids))
PY
