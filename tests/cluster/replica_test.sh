#!/usr/bin/env bash
# cluster/replica: a build machine and a replica on loopback. corpus/ is built
# into a master index, served by xapian-replicate-server, pulled into a replica
# by news-replica-pull; news-searchd serves the replica while clients search
# without pause. The master then builds two more generations (each with one
# extra article) and takes one update with changesets, the replica pulls each:
# no request may fail, each new article must be found after its pull, and the
# replica keeps one copy of the index (xapian-replicate removes the old one).
# Prints the pull times (figures, not assertions).
# replica_test.sh BIN_DIR CORPUS_DIR
set -euo pipefail
bin=$1 corpus=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in xapian-replicate xapian-replicate-server xapian-delve curl python3 flock setsid; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: needs $tool (packages xapian-tools, curl, python3)"; exit 0; }
done

tmp=$(mktemp -d)
pids=()
cleanup() {
  touch "$tmp/stop" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# wait_for SECONDS COMMAND...: poll until COMMAND succeeds; false after SECONDS.
wait_for() {
  local until=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$until" ] || return 1
    sleep 0.1
  done
}
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }'; }

# The build machine: the archive (a copy of corpus/) and its index.
mkdir -p "$tmp/master" "$tmp/replica"
cp -r "$corpus" "$tmp/archive"
master_db=$tmp/master/news.db
build() {
  local start; start=$(now)
  timeout 300 "$bin/news-index" -q build --source "$tmp/archive" --db "$master_db" >"$tmp/build.log" 2>&1 ||
    { cat "$tmp/build.log" >&2; fail "news-index build failed"; }
  echo "master build: $(since "$start") s"
}
add_article() {  # add_article ID WORD: an article that only WORD finds
  cat >"$tmp/archive/xml/$1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<article id="$1">
  <title>$2 am Steinhuder Meer</title>
  <date>2025-06-01</date>
  <region>Hamburg</region>
  <topic>Tourismus</topic>
  <body><p>Das $2 am Steinhuder Meer lockt Besucher aus der ganzen Region an.</p></body>
</article>
EOF
}
build

# The master's server: the directory holding the stub; a replica asks for
# "news.db", the stub, which opens the current generation (one database).
rport=$(free_port)
# Its own session: on SIGTERM it kills its whole process group (its forked
# children), which would otherwise include this script and ctest.
setsid xapian-replicate-server -I 127.0.0.1 -p "$rport" "$tmp/master" >"$tmp/replicate-server.log" 2>&1 &
pids+=($!)
wait_for 10 python3 -c "import socket; socket.create_connection(('127.0.0.1', $rport), 1)" ||
  fail "xapian-replicate-server did not listen on 127.0.0.1:$rport"

replica_db=$tmp/replica/news.db
pull() {
  local start; start=$(now)
  timeout 120 "$bin/news-replica-pull" --master "127.0.0.1:$rport" --name news.db --timeout 30 --db "$replica_db" \
    >"$tmp/pull.log" 2>&1 || { cat "$tmp/pull.log" >&2; fail "news-replica-pull failed"; }
  echo "pull: $(since "$start") s: $(cat "$tmp/pull.log")"
}
live() { sed -n 's/^auto //p' "$replica_db/XAPIANDB"; }
copies() { find "$replica_db" -mindepth 1 -maxdepth 1 -name 'replica_*' | wc -l; }
pull
[ -f "$replica_db/XAPIANDB" ] || fail "no stub $replica_db/XAPIANDB after the first pull"
[ "$(copies)" -eq 1 ] || fail "$(copies) copies in $replica_db after the first pull"
docs0=$(xapian-delve "$replica_db" | sed -n 's/^number of documents = //p')
[ "$docs0" -gt 0 ] || fail "the replica has no documents"

# The replica's search service, and clients that search without pause.
hport=$(free_port)
"$bin/news-searchd" --db "$replica_db" --listen "127.0.0.1:$hport" --threads 4 --time-limit 5 \
  >"$tmp/searchd.log" 2>&1 &
pids+=($!)
url=http://127.0.0.1:$hport
wait_for 30 curl -sf --max-time 2 "$url/healthz" || { cat "$tmp/searchd.log" >&2; fail "news-searchd did not answer"; }
client() {  # client N: one request after the other until $tmp/stop (at most 20,000)
  local i=0 path code
  local paths=("/api/search?q=Metropolregion" "/healthz" "/?q=Wasserstoff" "/api/search?q=Hamburg&sort=date")
  while [ ! -e "$tmp/stop" ] && [ "$i" -lt 20000 ]; do
    path=${paths[$(((i + $1) % ${#paths[@]}))]}
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url$path" || true)
    echo "$code $path" >>"$tmp/requests.$1"
    i=$((i + 1))
  done
}
for n in 1 2; do client "$n" & pids+=($!); done

found() {  # found WORD: the number of hits news-searchd gives for WORD
  curl -sf --max-time 5 "$url/api/search?q=$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])'
}
has() { [ "$(found "$1")" -ge 1 ]; }
see() {  # see WORD: news-searchd finds WORD within 20 s
  wait_for 20 has "$1" || fail "$1 not found through news-searchd after the pull"
}
[ "$(found Zanderfischerei)" = 0 ] || fail "Zanderfischerei found before it was written"

# A second and a third generation, each with an extra article: a full copy each.
gens=()
for word in Zanderfischerei Barschangeln; do
  before=$(live)
  add_article "replika-$word" "$word"
  build
  pull
  [ "$(live)" != "$before" ] || fail "a new generation did not switch the replica (still $before)"
  [ "$(copies)" -eq 1 ] || fail "$(copies) copies in $replica_db after a new generation (the old one stays)"
  [ ! -e "$replica_db/$before" ] || fail "the old copy $before is still there"
  # news-index status names the copy the replica serves and its documents.
  status=$("$bin/news-index" status --db "$replica_db" --format json)
  [ "$(python3 -c 'import json, sys; j = json.load(sys.stdin); print(j["ok"], j["replica"]["copy"], j["documents"] > 0)' <<<"$status")" = "True $(live) True" ] ||
    fail "status of the replica does not name its copy $(live): $status"
  see "$word"
  gens+=("$word")
done
see Zanderfischerei  # the second generation's article is in the third too

# An update on the master with changesets (XAPIAN_MAX_CHANGESETS): the replica
# applies them to its live copy in place, no full copy.
before=$(live)
add_article replika-Hechtangeln Hechtangeln
start=$(now)
XAPIAN_MAX_CHANGESETS=10 timeout 300 "$bin/news-index" -q update --source "$tmp/archive" --db "$master_db" \
  >"$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; fail "news-index update failed"; }
echo "master update: $(since "$start") s"
pull
[ "$(live)" = "$before" ] || fail "an update with changesets made a full copy ($before -> $(live))"
see Hechtangeln

# A pull with nothing new changes nothing.
pull
[ "$(live)" = "$before" ] || fail "a pull with nothing new switched the replica"
grep -q 'already current' "$tmp/pull.log" || fail "a pull with nothing new did not say so: $(cat "$tmp/pull.log")"

touch "$tmp/stop"
for p in "${pids[@]:2}"; do wait "$p"; done
total=$(cat "$tmp"/requests.* | wc -l)
bad=$(cat "$tmp"/requests.* | { grep -vc '^200 ' || true; })
echo "requests during the pulls: $total, failed: $bad"
[ "$total" -ge 20 ] || fail "only $total requests ran"
if [ "$bad" -ne 0 ]; then
  grep -hv '^200 ' "$tmp"/requests.* | sort | uniq -c >&2
  tail -20 "$tmp/searchd.log" >&2
  fail "$bad of $total requests failed"
fi
# The link that replicas of a sharded index pull through follows the stub here too.
[ "$(readlink "$master_db.gen/current")" = "$(sed -n 's|^auto news.db.gen/||p' "$master_db")" ] ||
  fail "$master_db.gen/current is not the stub's generation"
gen_count=$(find "$master_db.gen" -mindepth 1 -maxdepth 1 -name 'g*' | wc -l)
[ "$gen_count" -le 2 ] || fail "the master keeps $gen_count generations (--keep 2)"
echo PASS
