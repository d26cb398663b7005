#!/usr/bin/env python3
"""Benchmark of the HTML extraction: pages per second for `news-index inspect`
over the development pages, and the share extraction takes of indexing them.

Each page is inspected in its own process, as `inspect` runs; the start-up of
news-index (measured on a tiny page) is subtracted to give the extraction's
own rate. Times are CPU seconds of the child processes (user + system), so
that other work on a shared machine does not count; wall time is printed
too. With --index the same pages are indexed with one thread
(`news-index build -j 1`) and extraction's share of that CPU time is printed.

  bench/extract_bench.py --news-index build-extract/bin/news-index [--index]
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PAGES = os.path.join(HERE, "..", "..", "shared", "data", "extraction-dev", "pages")
TINY = "<html><body><article><p>Ein kurzer Artikel, damit inspect etwas findet und druckt.</p></article></body></html>"


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, **kwargs):
    """Run a command; (CPU seconds, wall seconds, completed process)."""
    cpu, wall = children_cpu(), time.perf_counter()
    p = subprocess.run(cmd, **kwargs)
    return children_cpu() - cpu, time.perf_counter() - wall, p


def run_inspect(binary, path):
    cpu, wall, _ = timed([binary, "inspect", "--format", "json", path], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    return cpu, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news-index", required=True, help="the news-index binary")
    ap.add_argument("--pages", default=DEFAULT_PAGES, help="directory of HTML pages (default: the dev set)")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the pages; the fastest counts")
    ap.add_argument("--index", action="store_true", help="also index the pages and print extraction's share")
    a = ap.parse_args()
    pages = sorted(os.path.join(a.pages, n) for n in os.listdir(a.pages) if n.endswith((".html", ".htm")))
    if not pages:
        print(f"no pages in {a.pages}")
        return 1
    megabytes = sum(os.path.getsize(p) for p in pages) / 1e6

    with tempfile.TemporaryDirectory(prefix="extract_bench_") as tmp:
        tiny = os.path.join(tmp, "tiny.html")
        with open(tiny, "w", encoding="utf-8") as f:
            f.write(TINY)
        startup = statistics.median(run_inspect(a.news_index, tiny)[0] for _ in range(21))
        rounds = []
        for _ in range(a.rounds):
            runs = [run_inspect(a.news_index, p) for p in pages]
            rounds.append((sum(c for c, _ in runs), sum(w for _, w in runs)))
        total, wall = min(rounds)
        extraction = max(total - startup * len(pages), 1e-9)
        print(f"pages: {len(pages)} ({megabytes:.1f} MB), fastest of {a.rounds} rounds")
        print(f"inspect, one process per page: {total:.2f} s CPU ({wall:.2f} s wall), {len(pages) / total:.0f} pages/s")
        print(f"process start-up: {startup * 1000:.1f} ms CPU per run")
        print(f"extraction alone (inspect minus start-up): {extraction:.2f} s, {len(pages) / extraction:.0f} pages/s, "
              f"{megabytes / extraction:.1f} MB/s, {extraction / len(pages) * 1000:.2f} ms per page")
        if a.index:
            db = os.path.join(tmp, "db")
            seconds, wall, p = timed([a.news_index, "build", "-s", a.pages, "--db", db, "-j", "1", "--format",
                                      "json", "-q"], capture_output=True, text=True)
            seconds = max(seconds - startup, 1e-9)
            summary = json.loads(p.stdout) if p.stdout.strip().startswith("{") else {}
            docs = summary.get("articles", len(pages))
            print(f"indexing the same pages with one thread: {seconds:.2f} s CPU ({wall:.2f} s wall), "
                  f"{docs / seconds:.0f} documents/s")
            print(f"extraction's share of indexing time: {100 * extraction / seconds:.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
