#!/usr/bin/env python3
"""ctest check: pages without article text are reported in the indexer's
summary with their reason, not indexed silently empty.

Builds an index from three pages in a fresh temporary directory: an article,
a page of links (an archive index) and an empty page; the JSON summary must
list the last two as skipped with 'text mostly links' and 'no article text
found', and the exit code must be 3 (done, some files skipped).

  check_skip_reasons.py --news-index BIN
"""
import argparse, json, os, subprocess, sys, tempfile

ARTICLE = """<html lang="de"><head><title>Haushalt beschlossen</title></head><body>
<nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<article><h1>Haushalt beschlossen</h1>
<p>Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen, nach langer Debatte.</p>
<p>Die Opposition kündigte an, gegen mehrere Posten zu klagen, und verlangte eine Sondersitzung.</p>
</article></body></html>"""

LINKS = "<html><body><h1>Archiv</h1><ul>" + "".join(
    f'<li><a href="/meldung-{i}">Meldung {i}: Neues aus dem Stadtrat und der Region</a></li>' for i in range(40)
) + "</ul></body></html>"

EMPTY = "<html><head><title>Leer</title></head><body><div><img src='a.png'></div></body></html>"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news-index", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="news_skip_reasons_") as tmp:
        src = os.path.join(tmp, "src")
        os.makedirs(src)
        for name, page in (("artikel.html", ARTICLE), ("archiv.html", LINKS), ("leer.html", EMPTY)):
            with open(os.path.join(src, name), "w", encoding="utf-8") as f:
                f.write(page)
        p = subprocess.run([a.news_index, "build", "-s", src, "--db", os.path.join(tmp, "db"), "--format", "json",
                            "-q"], capture_output=True, text=True)
        try:
            summary = json.loads(p.stdout)
        except ValueError:
            print("no JSON summary:", p.stdout, p.stderr, sep="\n")
            return 1
    reasons = {os.path.basename(s["file"]): s["reason"] for s in summary.get("skipped_files", [])}
    print(json.dumps(reasons, ensure_ascii=False))
    problems = []
    if p.returncode != 3:
        problems.append(f"exit code {p.returncode}, expected 3")
    if not reasons.get("archiv.html", "").startswith("text mostly links"):
        problems.append("archiv.html not skipped as 'text mostly links'")
    if reasons.get("leer.html") != "no article text found":
        problems.append("leer.html not skipped as 'no article text found'")
    if "artikel.html" in reasons:
        problems.append("artikel.html skipped: " + reasons["artikel.html"])
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
