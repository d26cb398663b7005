#!/usr/bin/env python3
"""ctest check: the HTML extraction's quality on the development pages.

Runs the shared scorer (../shared/tools/score_extraction.py) on
`news-index inspect --format json` and fails when F1, precision or recall fall
below the floors. Exits 77 (ctest: skipped) when the scorer or the pages are
not there, e.g. on a machine without the shared data.

  check_extraction.py --scorer PATH --news-index BIN --min-f1 0.93
  check_extraction.py --scorer PATH --news-index BIN --halves
  check_extraction.py --scorer PATH --news-index BIN --half tune --details

The pages fall into two fixed halves so that rules can be tuned on one and
judged on the other: a page is in the held-out half when the first byte of the
SHA-1 of its file name (UTF-8) is odd, else in the tuning half. `--half`
scores (and with --details, lists the failures of) one half only; `--halves`
prints the tuning half, the held-out half and the whole set. The floors apply
to what is scored. Per-half figures are counted from the scorer's own
--details output (the snippets each page missed or leaked) and the page's
snippets in expectations.json next to the scorer.
"""
import argparse, hashlib, json, os, re, shlex, subprocess, sys

SKIP = 77
HALVES = ("tune", "held-out")


def half_of(page_name):
    """The half a page belongs to, from its file name alone."""
    return HALVES[hashlib.sha1(page_name.encode("utf-8")).digest()[0] & 1]


def expectations_path(scorer):
    return os.path.join(os.path.dirname(os.path.abspath(scorer)), "..", "data", "extraction-dev", "expectations.json")


def score(expect, failures, half):
    """(pages, errors, precision, recall, f1) over the pages of `half` (None: all)."""
    tp = fp = fn = errors = pages = 0
    for name, item in expect.items():
        if half and half_of(name) != half:
            continue
        pages += 1
        f = failures.get(name, {})
        missed, leaked = len(f.get("missed", [])), len(f.get("leaked", []))
        tp += len(item["with"]) - missed
        fn += missed
        fp += leaked
        errors += f.get("error") is not None
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return pages, errors, precision, recall, f1


def line(label, s):
    pages, errors, precision, recall, f1 = s
    return f"{label}: pages={pages} errors={errors} precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scorer", required=True)
    ap.add_argument("--news-index", required=True)
    ap.add_argument("--min-f1", type=float, default=0.0)
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--half", choices=HALVES, help="score only this half of the pages")
    ap.add_argument("--halves", action="store_true", help="print both halves and the whole set")
    ap.add_argument("--details", action="store_true", help="print each failing page of the scored half")
    a = ap.parse_args()
    if not os.path.isfile(a.scorer):
        print(f"skipped: no scorer at {a.scorer}")
        return SKIP
    if not os.path.isfile(expectations_path(a.scorer)):
        print("skipped: no development pages next to the scorer")
        return SKIP
    with open(expectations_path(a.scorer), encoding="utf-8") as f:
        expect = json.load(f)
    cmd = f"{shlex.quote(a.news_index)} inspect --format json {{file}}"
    p = subprocess.run([sys.executable, a.scorer, "--details", "--cmd", cmd], capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stdout, p.stderr, sep="\n")
        return 1
    out = p.stdout.strip().splitlines()
    summary = out[-1] if out else ""
    failures = {}
    for row in out[:-1]:
        o = json.loads(row)
        failures[o["page"]] = o
    m = re.search(r"errors=(\d+) precision=([\d.]+) recall=([\d.]+) f1=([\d.]+)", summary)
    if not m:
        print(f"cannot read the scorer's summary: {summary!r}")
        return 1
    whole = score(expect, failures, None)
    # The per-half counting must agree with the scorer's own figures.
    if f"{whole[4]:.4f}" != m[4] or f"{whole[2]:.4f}" != m[2]:
        print(f"per-page counts disagree with the scorer: {line('all', whole)} against {summary!r}")
        return 1
    if a.details:
        for name in sorted(failures):
            if not a.half or half_of(name) == a.half:
                print(json.dumps(failures[name], ensure_ascii=False))
    if a.halves:
        for h in HALVES:
            print(line(h, score(expect, failures, h)))
    scored = score(expect, failures, a.half)
    print(line(a.half or "all", scored))
    _, _, precision, recall, f1 = scored
    failed = [f"{name} {value:.4f} < {floor:.4f}"
              for name, value, floor in (("f1", f1, a.min_f1), ("precision", precision, a.min_precision),
                                         ("recall", recall, a.min_recall))
              if value < floor]
    if failed:
        print("extraction quality fell: " + "; ".join(failed))
        print("see which pages changed with: " + " ".join(map(shlex.quote, sys.argv)) + " --details")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
