"""Relevance evaluation shared by bench/relevance.sh and tests/relevance/check.py.

queries.tsv: one query per line, `query<TAB>must_find<TAB>must_not_find<TAB>note`;
ids separated by '|'; lines starting with '#' and blank lines are ignored.
The first id of must_find is the expected first hit. A note may start with tags
in brackets: `[trap]` marks a query whose must_not_find ids are guarded by the
ctest check; `[known failure]` marks a trap the engine fails today (reported,
not guarded, until it is fixed).

Metrics, each over the top 10 hits of `news-search --format json --limit 10`:
- recall@10: share of the must_find ids in the top 10, averaged over queries;
- MRR: 1/rank of the expected first hit (0 when it is not in the top 10);
- first: share of queries whose expected first hit is ranked first;
- violations: must_not_find ids in the top 10 (and queries with one).

Python standard library only.
"""
import json
import os
import re
import subprocess
import sys
import time

TOP = 10


class Query:
    def __init__(self, line_no, text, must, must_not, note):
        self.line_no = line_no
        self.text = text
        self.must = must
        self.must_not = must_not
        self.note = note
        self.tags = re.findall(r"\[([^\]]+)\]", note)

    @property
    def guarded_trap(self):
        return "trap" in self.tags and "known failure" not in self.tags


def load_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 4:
                raise SystemExit("%s:%d: expected 4 tab-separated cells, got %d" % (path, n, len(cells)))
            text, must, must_not, note = cells
            must = [i for i in must.split("|") if i]
            must_not = [i for i in must_not.split("|") if i]
            if not text.strip() or not must:
                raise SystemExit("%s:%d: query and must_find are required" % (path, n))
            queries.append(Query(n, text, must, must_not, note))
    return queries


def convert_gnad(root, csv_path, out_dir):
    tool = os.path.join(root, "tests", "tools", "gnad_to_xml.py")
    subprocess.run([sys.executable, tool, csv_path, out_dir], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def build_index(bin_dir, sources, db, profile):
    """Build an index with news-index; return the wall seconds it took."""
    cmd = [os.path.join(bin_dir, "news-index"), "-q", "build", "--db", db, "--analysis", profile]
    for s in sources:
        cmd += ["--source", s]
    start = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    if r.returncode not in (0, 3):  # 3: done, but some files were skipped
        raise SystemExit("news-index failed (%d): %s" % (r.returncode, r.stderr.strip()))
    return wall


def generation_dir(db):
    """The db path is a stub file naming the live generation (`auto PATH.gen/gNNNNNN`)."""
    with open(db, encoding="utf-8") as f:
        target = f.read().split()[-1]
    if not os.path.isabs(target):
        target = os.path.join(os.path.dirname(os.path.abspath(db)), target)
    return target


def search(bin_dir, db, query):
    cmd = [os.path.join(bin_dir, "news-search"), "--db", db, "--format", "json",
           "--limit", str(TOP), "--", query]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip() or "exit %d" % r.returncode
    hits = json.loads(r.stdout).get("hits", [])
    return [h["id"] for h in hits][:TOP], None


class Result:
    def __init__(self, query, ids, error):
        self.query = query
        self.ids = ids or []
        self.error = error
        found = [i for i in query.must if i in self.ids]
        self.recall = len(found) / len(query.must)
        self.missing = [i for i in query.must if i not in self.ids]
        first = query.must[0]
        self.rank = self.ids.index(first) + 1 if first in self.ids else None
        self.rr = 1.0 / self.rank if self.rank else 0.0
        self.violations = [i for i in query.must_not if i in self.ids]


def evaluate(bin_dir, db, queries):
    out = []
    for q in queries:
        ids, err = search(bin_dir, db, q.text)
        out.append(Result(q, ids, err))
    return out


def summary(results):
    n = len(results)
    return {
        "queries": n,
        "recall": sum(r.recall for r in results) / n,
        "mrr": sum(r.rr for r in results) / n,
        "first": sum(1 for r in results if r.rank == 1),
        "violations": sum(len(r.violations) for r in results),
        "violating_queries": sum(1 for r in results if r.violations),
        "errors": sum(1 for r in results if r.error),
    }
