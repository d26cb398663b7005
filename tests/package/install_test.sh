#!/usr/bin/env bash
# package/install: the Debian package on this machine, as an operator uses it.
# Installs it (dpkg -i, apt-get install -f), checks what it put where (user,
# directories, conffiles, man pages, units), runs the installed programs as
# the units run them (their ExecStart= lines, the config, the user
# news-search; the CGI as www-data), indexes corpus/, answers searches over
# HTTP, then purges it: with /var/lib/news-search/keep-on-purge only the
# index stays, without it nothing. Leaves the machine as it found it.
# install_test.sh BUILD_DIR SOURCE_DIR   (the package: $NEWS_TEST_DEB, else cpack from BUILD_DIR)
set -euo pipefail
build=$1 src=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "SKIPPED: needs root (installs a Debian package on this machine)"; exit 0; }
for tool in dpkg apt-get setpriv curl python3 cpack; do
  command -v $tool >/dev/null || { echo "SKIPPED: needs $tool"; exit 0; }
done
if grep -q 'ok installed\|config-files' <<<"$(dpkg-query -W -f='${Status}' news-search 2>/dev/null)"; then
  echo "SKIPPED: needs a machine without the news-search package (it is installed here; never touched by tests)"
  exit 0
fi
[ ! -e /var/lib/news-search ] && [ ! -e /etc/news-search ] ||
  { echo "SKIPPED: needs a machine without /var/lib/news-search and /etc/news-search (left by something else)"; exit 0; }

tmp=$(mktemp -d)
chmod 755 "$tmp"   # the user news-search reads the sources below it
user_existed=0
getent passwd news-search >/dev/null && user_existed=1
pid=""
cleanup() {
  [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; } || true
  if grep -q 'installed\|config-files\|unpacked' <<<"$(dpkg-query -W -f='${Status}' news-search 2>/dev/null)"; then
    rm -f /var/lib/news-search/keep-on-purge
    dpkg --purge news-search >/dev/null 2>&1 || true
  fi
  rm -rf /var/lib/news-search
  [ $user_existed = 1 ] || ! getent passwd news-search >/dev/null || userdel news-search 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The package: given, or made from this build's programs by its CPack config.
deb=${NEWS_TEST_DEB:-}
if [ -z "$deb" ]; then
  (cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) ||
    fail "cpack: $(tail -20 "$tmp/cpack.log")"
  deb=$(ls "$tmp"/pkg/news-search_*.deb)
fi
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
[ "$(basename "$deb")" = "news-search_${version}_${arch}.deb" ] || fail "package file name $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libxapian30 libxml2 hunspell-de-de wngerman adduser; do
  grep -q "\b$d\b" <<<"$depends" || fail "Depends lacks $d: $depends"
done
echo "package $(basename "$deb") ($SECONDS s), Depends: $depends"

dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || echo "dpkg -i: $(tail -3 "$tmp/dpkg.log") (apt-get install -f follows)"
DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >"$tmp/apt.log" 2>&1 || fail "apt-get install -f: $(tail "$tmp/apt.log")"
grep -q 'install ok installed' <<<"$(dpkg-query -W -f='${Status}' news-search)" || fail "not installed: $(cat "$tmp/dpkg.log")"

# What it put where.
for p in news-index news-search news-searchd news-search.cgi; do
  [ "$("/usr/bin/$p" --version)" = "$p $version" ] || fail "/usr/bin/$p --version: $("/usr/bin/$p" --version)"
  page=$(man -w "$p") || fail "man -w $p finds no page"
  grep -q "NEWS_DB\|news-search.conf" <<<"$(man "$p" 2>/dev/null)" || fail "man $p has no ENVIRONMENT or FILES section"
  echo "$p: --version ok, man page $page"
done
uid=$(id -u news-search) || fail "no user news-search"
[ "$uid" -lt 1000 ] || fail "news-search is no system user (uid $uid)"
grep -qw www-data <<<"$(id -nG news-search)" || fail "news-search is not in group www-data (the statistics' files)"
[ "$(stat -c %U:%a /var/lib/news-search)" = news-search:755 ] || fail "/var/lib/news-search: $(stat -c %U:%G:%a /var/lib/news-search)"
[ "$(stat -c %U:%G:%a /var/lib/news-search/stats)" = news-search:www-data:2770 ] ||
  fail "/var/lib/news-search/stats: $(stat -c %U:%G:%a /var/lib/news-search/stats)"
[ "$(stat -c %U /var/log/news-search)" = news-search ] || fail "/var/log/news-search: $(stat -c %U:%G /var/log/news-search)"
conffiles=$(dpkg-query -W -f='${Conffiles}' news-search)
for c in /etc/news-search/news-search.conf /etc/logrotate.d/news-search; do
  grep -q "$c" <<<"$conffiles" || fail "$c is no conffile: $conffiles"
done
[ -s /usr/share/doc/news-search/copyright ] || fail "no /usr/share/doc/news-search/copyright"
for u in news-searchd.service news-index-nightly.service news-index-nightly.timer news-index-update.service news-index-update.timer; do
  [ -f "/lib/systemd/system/$u" ] || fail "no /lib/systemd/system/$u"
done
if command -v systemd-analyze >/dev/null; then
  # With the programs, the config and the man pages in place: nothing to say.
  out=$(cd /lib/systemd/system && systemd-analyze verify news-searchd.service news-index-nightly.timer \
    news-index-update.timer 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify warns: $out"
  echo "installed units verified (with their man pages)"
fi
if command -v logrotate >/dev/null; then
  logrotate -d /etc/logrotate.d/news-search >"$tmp/logrotate.log" 2>&1 || fail "logrotate: $(cat "$tmp/logrotate.log")"
fi

# The operator's edit: the archive's directory, any free port (the test's).
mkdir "$tmp/archive"
cp -r "$src/corpus/." "$tmp/archive/"
chmod -R a+rX "$tmp/archive"
conf=/etc/news-search/news-search.conf
sed -i -e "s|^NEWS_SOURCES=.*|NEWS_SOURCES=$tmp/archive|" -e 's|^NEWS_LISTEN=.*|NEWS_LISTEN=127.0.0.1:0|' \
  -e 's|^NEWS_THREADS=.*|NEWS_THREADS=2|' "$conf"

# A unit's ExecStart= with the config's variables, as systemd expands them
# ($VAR split at spaces, ${VAR} one word; the config's values have no spaces
# but in NEWS_*_OPTIONS, which are $VAR), run as its User= in /.
exec_unit() {  # replaces the calling (sub)shell: in the background, $! is the program's pid
  local unit=/lib/systemd/system/$1 user line
  shift
  user=$(sed -n 's/^User=//p' "$unit")
  line=$(sed -n 's/^ExecStart=//p' "$unit")
  mask=$(sed -n 's/^UMask=//p' "$unit")
  [ -z "$mask" ] || umask "$mask"
  [ "$user" = news-search ] || fail "$unit runs as '$user'"
  set -a
  . "$conf"
  set +a
  cd /
  eval "cmd=($line)"
  exec setpriv --reuid=news-search --regid=news-search --init-groups -- "${cmd[@]}" "$@"
}
run_unit() { (exec_unit "$@"); }
rc=0
run_unit news-index-nightly.service >"$tmp/nightly.out" 2>&1 || rc=$?
[ $rc = 0 ] || [ $rc = 3 ] || fail "news-index-nightly.service's command exits $rc: $(cat "$tmp/nightly.out")"
[ -f /var/lib/news-search/news.db ] || fail "the nightly build made no /var/lib/news-search/news.db"
[ "$(stat -c %U /var/lib/news-search/news.db)" = news-search ] || fail "news.db not written by news-search"
grep -q "news-index" /var/log/news-search/news-index.log || fail "nothing in /var/log/news-search/news-index.log"
echo "nightly build (exit $rc): $(head -1 "$tmp/nightly.out")"
rc=0
run_unit news-index-update.service --format json >"$tmp/update.out" 2>&1 || rc=$?
[ $rc = 0 ] || [ $rc = 3 ] || fail "news-index-update.service's command exits $rc: $(cat "$tmp/update.out")"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if j["added"]==0 and j["unchanged"]>0 else 1)' \
  "$tmp/update.out" || fail "an update of an unchanged archive: $(cat "$tmp/update.out")"
echo "update (exit $rc): nothing changed"

# Statistics on, as README's step 5 says: news-searchd (UMask=0007) and the
# CGI (www-data) count into one store through the directory's group.
sed -i 's|^#NEWS_STATS_DB=|NEWS_STATS_DB=|' "$conf"
grep -q '^NEWS_STATS_DB=/var/lib/news-search/stats/stats.db$' "$conf" || fail "no NEWS_STATS_DB line to uncomment in $conf"
exec_unit news-searchd.service >"$tmp/searchd.out" 2>"$tmp/searchd.log" &
pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/searchd.log")
  [ -z "$port" ] || break
  sleep 0.1
done
[ -n "$port" ] || fail "news-searchd did not start: $(cat "$tmp/searchd.log")"
curl -sf "http://127.0.0.1:$port/api/search?q=Metropolregion" >"$tmp/search.json" || fail "/api/search failed"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if j["total"]>0 and j["hits"] else 1)' \
  "$tmp/search.json" || fail "no hits for Metropolregion: $(head -c 300 "$tmp/search.json")"
page=$(curl -sf "http://127.0.0.1:$port/?q=Metropolregion") || fail "the search page did not answer"
grep -q '<html lang="de"' <<<"$page" || fail "the search page: $(head -c 300 <<<"$page")"
health=$(curl -sf "http://127.0.0.1:$port/healthz") || fail "/healthz did not answer"
grep -q "\"version\":\"$version\"" <<<"$health" || fail "/healthz lacks the version: $health"
euser=$(ps -o user= -p "$pid")
[ "$euser" = news-search ] || fail "news-searchd runs as $euser"
echo "news-searchd as news-search on port $port: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$tmp/search.json") hits for Metropolregion"
kill "$pid"; wait "$pid" || true; pid=""

# The command line (NEWS_DB from the config) and the CGI as the web server runs it (www-data).
hits=$(cd / && . "$conf" && NEWS_DB=$NEWS_DB setpriv --reuid=nobody --regid=nogroup --clear-groups -- /usr/bin/news-search --format csv Metropolregion | wc -l)
[ "$hits" -gt 1 ] || fail "news-search found nothing"
out=$(cd / && . "$conf" && env -i NEWS_DB="$NEWS_DB" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING=q=Metropolregion \
  SCRIPT_NAME=/suche PATH_INFO=/api/search setpriv --reuid=www-data --regid=www-data --init-groups -- /usr/bin/news-search.cgi)
grep -q '"total":[1-9]' <<<"$out" || fail "the CGI as www-data: $(head -c 300 <<<"$out")"
echo "news-search and news-search.cgi (as www-data) find it too"

# The CGI's page search counts into the store news-searchd made (umask 022,
# as web servers give), and the editors see both searches.
stats=/var/lib/news-search/stats/stats.db
[ -f "$stats" ] || fail "news-searchd made no statistics store $stats"
out=$(cd / && . "$conf" && umask 022 && env -i NEWS_DB="$NEWS_DB" NEWS_STATS_DB="$NEWS_STATS_DB" GATEWAY_INTERFACE=CGI/1.1 \
  REQUEST_METHOD=GET QUERY_STRING=q=Metropolregion SCRIPT_NAME=/suche PATH_INFO=/ \
  setpriv --reuid=www-data --regid=www-data --init-groups -- /usr/bin/news-search.cgi 2>&1)
grep -q '^Status: 200' <<<"$out" || fail "the CGI's page as www-data: $(head -c 300 <<<"$out")"
grep -qi 'warn\|error' <<<"$out" && fail "the CGI as www-data could not count: $(grep -i 'warn\|error' <<<"$out" | head -3)"
searches=$(cd / && setpriv --reuid=news-search --regid=news-search --init-groups -- \
  /usr/bin/news-search stats --stats-db "$stats" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["searches"])')
[ "$searches" = 2 ] || fail "news-search stats counts $searches searches, not 2 (news-searchd's page, the CGI's page)"
echo "statistics: news-searchd and the CGI (as www-data) counted into $stats ($(stat -c %a "$stats")); news-search stats: $searches searches"

# The packaged lighttpd snippet as it is, on a lighttpd of the test's (any
# free port, its own files), which runs the CGI as www-data at /suche.
if command -v lighttpd >/dev/null; then
  mkdir "$tmp/www" "$tmp/lighttpd"
  chown www-data:www-data "$tmp/lighttpd"   # lighttpd opens its log as www-data
  lpid=""
  for attempt in 1 2 3; do
    lport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$tmp/lighttpd.conf" <<CONF
server.document-root = "$tmp/www"
server.bind = "127.0.0.1"
server.port = $lport
server.username = "www-data"
server.groupname = "www-data"
server.errorlog = "$tmp/lighttpd/error.log"
server.modules = ( "mod_alias", "mod_cgi", "mod_setenv" )
include "/usr/share/doc/news-search/examples/lighttpd-news-search.conf"
CONF
    lighttpd -D -f "$tmp/lighttpd.conf" >"$tmp/lighttpd.out" 2>&1 &
    lpid=$!
    for _ in $(seq 50); do
      curl -s -o /dev/null "http://127.0.0.1:$lport/" && break
      sleep 0.1
    done
    kill -0 "$lpid" 2>/dev/null && break
    wait "$lpid" || true
    lpid=""
  done
  [ -n "$lpid" ] || fail "lighttpd did not start: $(cat "$tmp/lighttpd.out" "$tmp/lighttpd/error.log" 2>/dev/null)"
  json=$(curl -s "http://127.0.0.1:$lport/suche/api/search?q=Metropolregion") || true
  page=$(curl -s "http://127.0.0.1:$lport/suche/?q=Metropolregion") || true
  kill "$lpid"; wait "$lpid" || true
  grep -q '"total":[1-9]' <<<"$json" ||
    fail "lighttpd /suche/api/search: $(head -c 300 <<<"$json") $(cat "$tmp/lighttpd/error.log")"
  grep -q 'href="/suche/' <<<"$page" || fail "lighttpd /suche/: the page's links are not below /suche: $(head -c 300 <<<"$page")"
  echo "lighttpd with the packaged snippet serves the CGI at /suche"
fi

# Purge, keeping the index.
touch /var/lib/news-search/keep-on-purge /var/lib/news-search/stats/stats.db
dpkg --purge news-search >"$tmp/purge.log" 2>&1 || fail "dpkg --purge: $(cat "$tmp/purge.log")"
left=$(dpkg-deb -c "$deb" | awk '{print substr($6, 2)}' | grep -v '/$' | while read -r f; do [ ! -e "$f" ] || echo "$f"; done)
[ -z "$left" ] || fail "purge left the package's files: $left"
for d in /etc/news-search /var/log/news-search /var/lib/news-search/stats; do
  [ ! -e "$d" ] || fail "purge left $d"
done
kept=$(ls -A /var/lib/news-search | sort | tr '\n' ' ')
[ "$kept" = "keep-on-purge news.db news.db.gen news.db.lock " ] || [ "$kept" = "keep-on-purge news.db news.db.gen " ] ||
  fail "purge with keep-on-purge left: $kept"
gen=$(sed -n 's/^auto //p' /var/lib/news-search/news.db)
[ -d "/var/lib/news-search/$gen" ] || fail "the kept index's generation $gen is gone"
echo "purge with keep-on-purge: left $kept"

# Install again over the kept index (the user is still there), purge without keep-on-purge.
dpkg -i "$deb" >"$tmp/dpkg2.log" 2>&1 || fail "second dpkg -i: $(tail "$tmp/dpkg2.log")"
out=$(cd / && NEWS_DB=/var/lib/news-search/news.db /usr/bin/news-search --format csv Metropolregion | wc -l)
[ "$out" -gt 1 ] || fail "the kept index does not answer after reinstalling"
rm /var/lib/news-search/keep-on-purge
dpkg --purge news-search >"$tmp/purge2.log" 2>&1 || fail "second dpkg --purge: $(cat "$tmp/purge2.log")"
[ ! -e /var/lib/news-search ] || fail "purge without keep-on-purge left /var/lib/news-search: $(ls -A /var/lib/news-search)"
[ ! -e /etc/news-search ] || fail "purge left /etc/news-search"
echo "purge without keep-on-purge: /var/lib/news-search removed"
echo "PASS ($SECONDS s)"
