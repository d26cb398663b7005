#!/usr/bin/env python3
"""ctest check: the HTML extraction's quality on the development pages.

Runs the shared scorer (../shared/tools/score_extraction.py) on
`news-index inspect --format json` and fails when F1, precision or recall fall
below the floors. Exits 77 (ctest: skipped) when the scorer or the pages are
not there, e.g. on a machine without the shared data.

  check_extraction.py --scorer PATH --news-index BIN --min-f1 0.93
"""
import argparse, os, re, shlex, subprocess, sys

SKIP = 77


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scorer", required=True)
    ap.add_argument("--news-index", required=True)
    ap.add_argument("--min-f1", type=float, required=True)
    ap.add_argument("--min-precision", type=float, default=0.90)
    ap.add_argument("--min-recall", type=float, default=0.90)
    a = ap.parse_args()
    if not os.path.isfile(a.scorer):
        print(f"skipped: no scorer at {a.scorer}")
        return SKIP
    cmd = f"{shlex.quote(a.news_index)} inspect --format json {{file}}"
    p = subprocess.run([sys.executable, a.scorer, "--cmd", cmd], capture_output=True, text=True)
    if p.returncode != 0:
        if "No such file" in p.stderr and "expectations.json" in p.stderr:
            print("skipped: no development pages next to the scorer")
            return SKIP
        print(p.stdout, p.stderr, sep="\n")
        return 1
    summary = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    m = re.search(r"errors=(\d+) precision=([\d.]+) recall=([\d.]+) f1=([\d.]+)", summary)
    if not m:
        print(f"cannot read the scorer's summary: {summary!r}")
        return 1
    errors, precision, recall, f1 = int(m[1]), float(m[2]), float(m[3]), float(m[4])
    print(summary)
    failed = [f"{name} {value:.4f} < {floor:.4f}"
              for name, value, floor in (("f1", f1, a.min_f1), ("precision", precision, a.min_precision),
                                         ("recall", recall, a.min_recall))
              if value < floor]
    if failed:
        print("extraction quality fell: " + "; ".join(failed))
        print("see which pages changed with: " + shlex.quote(a.scorer) + " --details --cmd " + shlex.quote(cmd))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
