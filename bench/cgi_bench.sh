#!/usr/bin/env bash
# Benchmark of news-search.cgi (prints figures; not a test): one process per
# request, as a web server runs it, started directly with the CGI variables;
# per query kind its wall time (spawn to exit, output read) and peak RSS, and
# the same requests to news-searchd over HTTP (a new connection each, as curl).
#
# Usage: bench/cgi_bench.sh [-n ARTICLES | -b DB] [-r RUNS] [-p ROUTE] [-B [LABEL=]DIR]... [-H]
#   -n ARTICLES  generate (cached in BENCH_CACHE) and index a corpus of that many articles
#                (default 100000; the index is built with news-index from the first -B DIR)
#   -b DB        measure this existing index instead
#   -r RUNS      requests per query kind and program (default 21; one more to warm up)
#   -p ROUTE     / (default: the search page, with facets, timeline and snippets) or /api/search
#   -B [LABEL=]DIR  news-search.cgi (and news-searchd) from DIR (default: $BIN or build/bin).
#                Repeat it to compare builds: they take turns request by request (A, B, A, B),
#                so that the other load of a shared machine falls on both alike.
#   -H           CGI only: do not start news-searchd
# Prints a table per query kind, then for each program
#   RESULT cgi label=L docs=N route=R p50_ms=… p95_ms=… cpu_p50_ms=… rss_mb=… http_p50_ms=… http_p95_ms=…
# (p50/p95 wall over the requests of every kind; cpu_p50_ms the CGI's own user + system time,
# which a loaded machine moves less than wall time; rss_mb the largest peak RSS of a CGI process)
# and a line "RESULT cgi-kind label=L kind=K …" per kind.
#   BENCH_CACHE (default $TMPDIR/news-web-bench) keeps generated corpora and indexes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
n=100000 runs=21 route=/ given_db= http=1
bins=()
while getopts "n:b:r:p:B:H" opt; do
  case $opt in
    n) n=$OPTARG ;; b) given_db=$OPTARG ;; r) runs=$OPTARG ;; p) route=$OPTARG ;;
    B) bins+=("$OPTARG") ;; H) http=0 ;;
    *) sed -n '2,22p' "$0"; exit 2 ;;
  esac
done
[ ${#bins[@]} -gt 0 ] || bins=("${BIN:-$root/build/bin}")
labelled=()
for b in "${bins[@]}"; do
  label=${b%%=*} dir=${b#*=}
  [ "$label" != "$b" ] || label=$(basename "$(dirname "$(cd "$dir" && pwd)")")/$(basename "$dir")
  [ -x "$dir/news-search.cgi" ] || { echo "no $dir/news-search.cgi: build first (or give -B DIR)"; exit 2; }
  [ "$http" = 0 ] || [ -x "$dir/news-searchd" ] || { echo "no $dir/news-searchd (or give -H)"; exit 2; }
  labelled+=("$label=$(cd "$dir" && pwd)")
done
first_dir=${labelled[0]#*=}

cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/news-web-bench}
if [ -n "$given_db" ]; then
  [ -e "$given_db" ] || { echo "no database at $given_db"; exit 2; }
  db=$(cd "$(dirname "$given_db")" && pwd)/$(basename "$given_db")
else
  mkdir -p "$cache"
  corpus=$cache/html$n db=$cache/cgi-db$n
  if [ ! -f "$corpus.manifest.tsv" ]; then
    echo "generating $n articles into $corpus ..."
    python3 "$shared/tools/make_corpus.py" --csv "$shared/data/10kgnad/test.csv" --out "$corpus" -n "$n" >/dev/null
  fi
  if ! { [ -f "$db" ] && [ "$db" -nt "$corpus.manifest.tsv" ]; }; then
    echo "indexing $corpus into $db ..."
    start=$(date +%s)
    "$first_dir/news-index" -q build --source "$corpus" --db "$db" >/dev/null
    echo "indexed in $(( $(date +%s) - start )) s"
  fi
fi

python3 - "$db" "$runs" "$route" "$http" "${labelled[@]}" <<'PY'
import http.client, os, re, statistics, subprocess, sys, time, urllib.parse

db, runs, route, use_http = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
programs = [tuple(a.split("=", 1)) for a in sys.argv[5:]]  # (label, dir)

# One query per kind (the kinds of ../shared/tools/queries.txt and the per-kind
# figures of issue 15).
kinds = [
    ("one_word", {"q": "Regierung"}),
    ("words", {"q": "Flüchtlinge Grenze"}),
    ("phrase", {"q": '"Europäische Union"'}),
    ("stopword_phrase", {"q": '"in Wien"'}),
    ("wildcard", {"q": "Klima*"}),
    ("filter_only", {"region": "Hamburg", "topic": "Sport"}),
    ("date_range", {"q": "Polizei", "from": "2015-01-01", "to": "2016-12-31"}),
    ("misspelt", {"q": "Regirung"}),
]

def cgi_env(query, path=route):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_")}
    env.update({"NEWS_DB": db, "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "QUERY_STRING": query,
                "PATH_INFO": path, "SCRIPT_NAME": "/cgi-bin/news-search.cgi", "SERVER_NAME": "localhost",
                "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1"})
    return env

def run_cgi(directory, query, path=route):
    """Wall seconds (spawn to exit, output read), peak RSS in KiB, output, CPU seconds (user + system)."""
    r, w = os.pipe()
    devnull = os.open(os.devnull, os.O_RDONLY)
    exe = os.path.join(directory, "news-search.cgi")
    t0 = time.perf_counter()
    pid = os.posix_spawn(exe, [exe], cgi_env(query, path),
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, w, 1)])
    os.close(w)
    chunks = []
    while True:
        b = os.read(r, 1 << 16)
        if not b:
            break
        chunks.append(b)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    os.close(r)
    os.close(devnull)
    out = b"".join(chunks)
    if status != 0 or not out.startswith(b"Status: 200"):
        sys.exit(f"{exe} {query}: exit status {status}, answer {out[:200]!r}")
    return wall, usage.ru_maxrss, out, usage.ru_utime + usage.ru_stime

servers = {}
def start_server(label, directory):
    log = open(f"/tmp/cgi_bench_searchd_{os.getpid()}_{len(servers)}.log", "w+")
    p = subprocess.Popen([os.path.join(directory, "news-searchd"), "--db", db, "--listen", "127.0.0.1:0",
                          "--log-level", "info"], stderr=log, stdout=subprocess.DEVNULL)
    for _ in range(300):
        log.seek(0)
        m = re.search(r"http://127\.0\.0\.1:(\d+)", log.read())
        if m:
            servers[label] = (p, int(m.group(1)), log)
            return
        if p.poll() is not None:
            break
        time.sleep(0.1)
    log.seek(0)
    sys.exit(f"news-searchd did not start: {log.read()}")

def http_get(port, query, path=route):
    t0 = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path + "?" + query)
    resp = c.getresponse()
    body = resp.read()
    c.close()
    wall = time.perf_counter() - t0
    if resp.status != 200:
        sys.exit(f"news-searchd {query}: HTTP {resp.status} {body[:200]!r}")
    return wall, body

def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))]

try:
    _, _, health, _ = run_cgi(programs[0][1], "", "/healthz")
    m = re.search(rb'"documents"\s*:\s*(\d+)', health)
    docs = int(m.group(1)) if m else -1
    if use_http:
        for label, d in programs:
            start_server(label, d)
    print(f"index {db}: {docs} documents; route {route}; {runs} runs per kind and program "
          f"(+1 to warm up), programs taking turns: {', '.join(l for l, _ in programs)}")
    queries = [(kind, urllib.parse.urlencode(params)) for kind, params in kinds]
    cgi = {(l, k): [] for l, _ in programs for k, _ in queries}
    rss = {(l, k): [] for l, _ in programs for k, _ in queries}
    cpu = {(l, k): [] for l, _ in programs for k, _ in queries}
    web = {(l, k): [] for l, _ in programs for k, _ in queries}
    for i in range(runs + 1):
        for kind, query in queries:
            for label, d in programs:
                wall, maxrss, _, cpu_s = run_cgi(d, query)
                if i > 0:
                    cgi[(label, kind)].append(wall * 1000)
                    cpu[(label, kind)].append(cpu_s * 1000)
                    rss[(label, kind)].append(maxrss / 1024)
                if use_http:
                    wall, _ = http_get(servers[label][1], query)
                    if i > 0:
                        web[(label, kind)].append(wall * 1000)
    for label, d in programs:
        print(f"\n{label}  ({d})")
        print(f"  {'kind':<16} {'CGI p50 ms':>11} {'p95 ms':>8} {'CPU p50 ms':>11} {'peak RSS MB':>12}" +
              (f" {'HTTP p50 ms':>12} {'p95 ms':>8}" if use_http else ""))
        for kind, _ in queries:
            line = (f"  {kind:<16} {statistics.median(cgi[(label, kind)]):11.1f} {pct(cgi[(label, kind)], 95):8.1f} "
                    f"{statistics.median(cpu[(label, kind)]):11.1f} {max(rss[(label, kind)]):12.1f}")
            if use_http:
                line += f" {statistics.median(web[(label, kind)]):12.2f} {pct(web[(label, kind)], 95):8.2f}"
            print(line)
    print()
    for label, d in programs:
        for kind, _ in queries:
            extra = (f" http_p50_ms={statistics.median(web[(label, kind)]):.2f}"
                     f" http_p95_ms={pct(web[(label, kind)], 95):.2f}") if use_http else ""
            print(f"RESULT cgi-kind label={label} kind={kind} p50_ms={statistics.median(cgi[(label, kind)]):.1f}"
                  f" p95_ms={pct(cgi[(label, kind)], 95):.1f} cpu_p50_ms={statistics.median(cpu[(label, kind)]):.1f}"
                  f" rss_mb={max(rss[(label, kind)]):.1f}{extra}")
    for label, d in programs:
        all_cgi = [x for k, _ in queries for x in cgi[(label, k)]]
        all_cpu = [x for k, _ in queries for x in cpu[(label, k)]]
        all_rss = max(x for k, _ in queries for x in rss[(label, k)])
        extra = ""
        if use_http:
            all_web = [x for k, _ in queries for x in web[(label, k)]]
            extra = (f" http_p50_ms={statistics.median(all_web):.2f} http_p95_ms={pct(all_web, 95):.2f}"
                     f" searchd_rss_mb={peak_rss_kib(servers[label][0].pid) / 1024:.1f}")
        print(f"RESULT cgi label={label} docs={docs} route={route} p50_ms={statistics.median(all_cgi):.1f}"
              f" p95_ms={pct(all_cgi, 95):.1f} cpu_p50_ms={statistics.median(all_cpu):.1f} rss_mb={all_rss:.1f}{extra}")
finally:
    for p, _, log in servers.values():
        p.terminate()
        p.wait()
        log.close()
        os.unlink(log.name)
PY
