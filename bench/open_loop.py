#!/usr/bin/env python3
"""One phase of fixed-rate (open-loop) load on news-searchd, for bench/web_bench.sh.

hey's -q is a rate per worker, and a worker waits for its answer before the
next request, so one hey with many workers fires them together and a slow
answer holds its worker back. Here each query of the list gets its own hey
processes (-c 1, one kept-alive connection each), S streams in all, each at
RATE/S requests a second, started 1/RATE s apart: the requests arrive evenly
at RATE a second whatever the answers take, as long as an answer takes less
than a stream's interval S/RATE (at least 1/--max-stream-rate s; a stream
whose answer is later skips the ticks it missed, so the achieved rate falls
below the offered one: saturation shows as that gap).

Starting a hey costs about 30 ms of CPU, S of them in the first period
(S/RATE s), so the figures leave out the requests started before every
stream has run one period plus --warmup seconds; the phase is that much
longer than --duration.

Prints one line: RESULT offered=… achieved=… requests=… errors=… p50_ms=…
p95_ms=… p99_ms=… searchd_cpu_ms=… load_cpu_ms=… streams=… sent=…, where
requests are those measured and sent all of them, and the CPU figures are
per request sent: news-searchd's utime+stime from /proc over the phase, and
the hey processes' own (their rusage, start included), so one sees how much
of the two cores the load tool took.
"""
import argparse
import csv
import glob
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.parse


def proc_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()  # from the 3rd field (state) on
    return int(fields[11]) + int(fields[12])       # utime stime (every thread)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", required=True, help="http://host:port of news-searchd")
    ap.add_argument("--path", default="/", help="the page (/) or /api/search")
    ap.add_argument("--queries", required=True, help="one query a line")
    ap.add_argument("--rate", type=float, required=True, help="requests per second offered")
    ap.add_argument("--duration", type=float, default=20, help="seconds of load")
    ap.add_argument("--pid", type=int, required=True, help="news-searchd's process id (its CPU)")
    ap.add_argument("--max-stream-rate", type=float, default=4,
                    help="requests per second of one hey stream at most (more streams above)")
    ap.add_argument("--timeout", type=int, default=10, help="hey's timeout per request, seconds")
    ap.add_argument("--warmup", type=float, default=1, help="seconds after the first period left out")
    args = ap.parse_args()

    queries = [q.rstrip("\n") for q in open(args.queries, encoding="utf-8") if q.strip()]
    per_query = max(1, math.ceil(args.rate / (len(queries) * args.max_stream_rate)))
    streams = len(queries) * per_query
    stream_rate = args.rate / streams
    warm = streams / args.rate + args.warmup  # the streams' start, left out of the figures
    # The same count for every stream, so that the rate holds to the end.
    count = max(1, math.ceil((args.duration + warm) * stream_rate))
    hz = os.sysconf("SC_CLK_TCK")
    with tempfile.TemporaryDirectory(prefix="open_loop.") as tmp:
        before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
        searchd0 = proc_ticks(args.pid)
        start = time.monotonic()
        measured_from = time.time() + warm
        procs = []
        for i in range(streams):
            q = queries[i % len(queries)]
            url = f"{args.url}{args.path}?q={urllib.parse.quote(q, safe='')}"
            delay = start + i / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            out = open(f"{tmp}/{i}.csv", "w")
            launched = time.time()
            procs.append((subprocess.Popen(["hey", "-n", str(count), "-c", "1", "-q", f"{stream_rate:.6f}",
                                            "-t", str(args.timeout), "-o", "csv", url],
                                           stdout=out, stderr=subprocess.STDOUT), launched, out))
        for p, _, out in procs:
            p.wait()
            out.close()
        searchd1 = proc_ticks(args.pid)
        after_children = resource.getrusage(resource.RUSAGE_CHILDREN)

        ms, errors, last, measured = [], 0, 0.0, 0
        starts, stream_ends = [], []  # request starts (absolute), each stream's last start
        for i, (_, launched, _) in enumerate(procs):
            rows, stream_end = 0, 0.0
            for row in csv.reader(open(f"{tmp}/{i}.csv")):
                if not row or row[0] == "response-time":
                    continue
                try:
                    seconds, status, offset = float(row[0]), row[6], float(row[7])
                except (IndexError, ValueError):
                    continue  # hey's own messages
                rows += 1
                starts.append(launched + offset)
                stream_end = max(stream_end, launched + offset)
                if launched + offset < measured_from:
                    continue
                measured += 1
                if status != "200":
                    errors += 1
                    continue
                ms.append(seconds * 1000)
                last = max(last, launched + offset + seconds)
            # hey's CSV leaves out requests that got no answer: counted as errors (their time is unknown)
            stream_ends.append(stream_end)
            missing = max(0, count - rows)
            errors += missing
            measured += missing
    sent = streams * count
    ms.sort()
    pct = lambda p: ms[min(len(ms) - 1, int(p / 100 * len(ms)))] if ms else 0.0
    # Achieved: requests sent a second while every stream runs (from the end of
    # the warm-up to the first stream's last request); a stream whose answers
    # come later than its interval sends less, so saturation lowers it.
    until = min(stream_ends) if stream_ends else 0.0
    if until - measured_from >= 1:
        achieved = sum(1 for t in starts if measured_from <= t < until) / (until - measured_from)
    else:
        achieved = len(ms) / (last - measured_from) if ms and last > measured_from else 0.0
    load_cpu = (after_children.ru_utime - before_children.ru_utime +
                after_children.ru_stime - before_children.ru_stime)
    print(f"RESULT offered={args.rate:g} achieved={achieved:.1f} requests={measured} errors={errors} "
          f"p50_ms={pct(50):.2f} p95_ms={pct(95):.2f} p99_ms={pct(99):.2f} "
          f"searchd_cpu_ms={1000 * (searchd1 - searchd0) / hz / max(1, sent):.2f} "
          f"load_cpu_ms={1000 * load_cpu / max(1, sent):.2f} streams={streams} sent={sent}")


if __name__ == "__main__":
    sys.exit(main())
