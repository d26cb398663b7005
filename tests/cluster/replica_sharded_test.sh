#!/usr/bin/env bash
# cluster/replica-sharded: a sharded build (lexicon + 2 shards) pulled by a
# replica database by database (news.db.gen/current/DB) into an inactive set,
# switched by one stub rename. news-searchd serves the replica while clients
# search without pause; the master builds two more generations, the replica
# pulls each: no request fails, each new article is found, and after every
# pull, including pulls that run while the master switches, the replica's
# databases all come from one build (their UUIDs are those of one generation).
# replica_sharded_test.sh BIN_DIR CORPUS_DIR
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
wait_for() {  # wait_for SECONDS COMMAND...
  local until=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$until" ] || return 1
    sleep 0.1
  done
}
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }'; }
uuid_of() { xapian-delve "$1" 2>/dev/null | sed -n "s/^UUID = //p"; }

dbs=(lexicon shard-00 shard-01)
mkdir -p "$tmp/master" "$tmp/replica"
cp -r "$corpus" "$tmp/archive"
master_db=$tmp/master/news.db
build() {  # build [--keep N]
  local start; start=$(now)
  timeout 300 "$bin/news-index" -q build --shards 2 "$@" --source "$tmp/archive" --db "$master_db" \
    >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; fail "news-index build --shards 2 failed"; }
  echo "master build: $(since "$start") s"
}
add_article() {  # add_article ID WORD
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
# The link replicas pull through names the generation the stub names.
[ -L "$master_db.gen/current" ] || fail "no link $master_db.gen/current after a build"
gen=$(readlink "$master_db.gen/current")
grep -q "^auto news.db.gen/$gen/lexicon$" "$master_db" || fail "current -> $gen, but the stub says: $(cat "$master_db")"
for d in "${dbs[@]}"; do [ -d "$master_db.gen/current/$d" ] || fail "no $d in the sharded generation $gen"; done

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
  timeout 300 "$bin/news-replica-pull" --master "127.0.0.1:$rport" --name news.db.gen/current \
    --databases "${dbs[*]}" --timeout 30 --db "$replica_db" >"$tmp/pull.log" 2>&1 ||
    { cat "$tmp/pull.log" >&2; fail "news-replica-pull failed"; }
  echo "pull: $(since "$start") s: $(cat "$tmp/pull.log")"
}
active() { sed -n 's|^auto news.db.rep/\([ab]\)/lexicon$|\1|p' "$replica_db"; }
# one_build: every database the replica's stub names has the UUID of the same
# database in one of the master's generations, and it is the same generation.
one_build() {
  local set d g u from=""
  set=$(active)
  [ -n "$set" ] || fail "the replica's stub names no set: $(cat "$replica_db")"
  [ "$(sed -n 's/^auto //p' "$replica_db" | tr '\n' ' ')" = "$(printf "news.db.rep/$set/%s " "${dbs[@]}")" ] ||
    fail "the replica's stub is not lexicon and shards of one set: $(cat "$replica_db")"
  for d in "${dbs[@]}"; do
    u=$(uuid_of "$tmp/replica/news.db.rep/$set/$d")
    g=""
    for m in "$master_db".gen/g*; do [ "$(uuid_of "$m/$d")" = "$u" ] && g=$(basename "$m"); done
    [ -n "$g" ] || fail "$d of the replica (set $set) matches no generation on the master"
    [ -z "$from" ] || [ "$from" = "$g" ] || fail "the replica mixes two builds: $d from $g, the others from $from"
    from=$g
  done
  echo "$from"
}
pull
one_build >/dev/null

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
found() { curl -sf --max-time 5 "$url/api/search?q=$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])'; }
has() { [ "$(found "$1")" -ge 1 ]; }
see() { wait_for 20 has "$1" || fail "$1 not found through news-searchd after the pull"; }

for word in Zanderfischerei Barschangeln; do
  before=$(active)
  add_article "replika-$word" "$word"
  build
  pull
  [ "$(active)" != "$before" ] || fail "a new build did not switch the replica's set (still $before)"
  [ "$(one_build)" = "$(readlink "$master_db.gen/current")" ] || fail "the replica is not at the master's current build"
  for d in "${dbs[@]}"; do
    n=$(find "$tmp/replica/news.db.rep/$(active)/$d" -mindepth 1 -maxdepth 1 -name 'replica_*' | wc -l)
    [ "$n" -eq 1 ] || fail "$n copies of $d in the active set"
  done
  see "$word"
done

# A pull that straddles a switch on the master: a wrapper of xapian-replicate
# rebuilds the master right before the first transfer of shard-00, after the
# lexicon came from the build before. The pull must not serve that mix.
add_article replika-Hechtangeln Hechtangeln
mkdir -p "$tmp/wrap"
cat >"$tmp/wrap/xapian-replicate" <<EOF
#!/usr/bin/env bash
case " \$* " in
  *"/shard-00 "*)
    if [ ! -e "$tmp/switched" ]; then
      touch "$tmp/switched"
      "$bin/news-index" -q build --shards 2 --source "$tmp/archive" --db "$master_db" >"$tmp/build-mid.log" 2>&1 || exit 1
    fi ;;
esac
exec "$(command -v xapian-replicate)" "\$@"
EOF
chmod +x "$tmp/wrap/xapian-replicate"
before=$(active)
PATH="$tmp/wrap:$PATH" pull
[ -e "$tmp/switched" ] || fail "the wrapper did not switch the master during the pull"
# Round 1 saw the mix, round 2 the lexicon change, round 3 no change.
grep -q ' 3 rounds' "$tmp/pull.log" || fail "the pull across a switch did not repeat its rounds: $(cat "$tmp/pull.log")"
[ "$(active)" != "$before" ] || fail "the pull across a switch did not switch the replica's set"
[ "$(one_build)" = "$(readlink "$master_db.gen/current")" ] || fail "the replica is not at the master's current build"
see Hechtangeln

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
echo PASS
