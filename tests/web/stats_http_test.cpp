// Search statistics end to end: news-searchd and news-search.cgi counting
// into one store, the click beacon and /statistik over HTTP, a broken store
// that must not break searching, `news-search stats` and its formats, and
// the CGI's extra time (printed).
#include "web_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <iostream>
#include <map>
#include <sstream>

using namespace news::webtest;
using nlohmann::json;

namespace {

struct Corpus {
    TempDir dir{"stats_corpus"};
    fs::path db = dir.path / "news.db";
    Corpus() { index(NEWS_CORPUS_DIR, db); }
};

const Corpus& corpus() {
    static Corpus c;
    return c;
}

/// Standard output of a shell command (stderr to the test log).
std::string output(const std::string& cmd, int* rc = nullptr) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[8192];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int status = ::pclose(p);
    if (rc) *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

json stats_json(const fs::path& stats) {
    int rc = -1;
    std::string out = output(q(bin("news-search")) + " stats --stats-db " + q(stats.string()) + " --format json", &rc);
    INFO(out);
    REQUIRE(rc == 0);
    return json::parse(out);
}

const json* row(const json& table, const std::string& query) {
    for (const json& r : table)
        if (r["query"] == query) return &r;
    return nullptr;
}

/// Wait until news-searchd's flusher (once a second) has written `query` `n` times.
bool wait_for(const fs::path& stats, const std::string& query, int n) {
    for (int i = 0; i < 100; ++i) {
        if (fs::exists(stats)) {
            json j = stats_json(stats);
            const json* r = row(j["top"], query);
            if (r && (*r)["searches"].get<int>() >= n) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

/// Run the CGI once with `env` (VAR=value …) and `body` on standard input;
/// its output, and the seconds until standard output closed and until exit.
struct CgiRun {
    std::string out;
    double closed = 0, exited = 0;
};
CgiRun run_cgi(const std::vector<std::string>& env, const std::string& body = "") {
    int in[2], outp[2];
    // Close-on-exec: a CGI started from another thread must not hold this
    // one's pipe open (its end of output would come only with that exit).
    REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(outp, O_CLOEXEC) == 0);
    // Everything the child needs is made before fork: the tests fork from
    // several threads, and a child that allocates may wait forever for an
    // allocator lock another thread held at the fork (seen under ASan).
    // Later entries win: drop inherited or earlier ones of the same name.
    std::map<std::string, std::string> vars;
    for (char** e = environ; *e; ++e) {
        std::string v = *e;
        vars[v.substr(0, v.find('='))] = v;
    }
    for (const std::string& v : env) vars[v.substr(0, v.find('='))] = v;
    std::vector<std::string> all;
    for (auto& [name, v] : vars) all.push_back(v);
    std::vector<char*> envp;
    for (auto& e : all) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string path = bin("news-search.cgi");
    char* argv[] = {path.data(), nullptr};
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(in[0], 0);
        ::dup2(outp[1], 1);
        ::umask(022);  // what web servers usually give their CGI programs
        ::execve(path.c_str(), argv, envp.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(outp[1]);
    if (!body.empty()) REQUIRE(::write(in[1], body.data(), body.size()) == static_cast<ssize_t>(body.size()));
    ::close(in[1]);
    CgiRun r;
    char buf[8192];
    ssize_t n;
    while ((n = ::read(outp[0], buf, sizeof buf)) > 0) r.out.append(buf, static_cast<size_t>(n));
    ::close(outp[0]);
    r.closed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.exited = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

}  // namespace

TEST_CASE("news-searchd counts page-1 searches and clicks, news-search stats reports them", "[web-http][stats]") {
    TempDir dir("stats_searchd");
    const fs::path stats = dir.path / "stats.db";
    Searchd s(corpus().db, dir.path, {"--stats-db", stats.string(), "--stats-min-count", "2"});
    auto c = s.client();
    for (int i = 0; i < 3; ++i) REQUIRE(c.Get("/?q=Metropolregion")->status == 200);
    REQUIRE(c.Get("/?q=metropolregion&page=2")->status == 200);     // pagination: not counted
    REQUIRE(c.Get("/api/search?q=Metropolregion")->status == 200);  // the API: not counted
    for (int i = 0; i < 2; ++i) REQUIRE(c.Get("/?q=Xylophonquatsch")->status == 200);
    for (int i = 0; i < 2; ++i) REQUIRE(c.Get("/?q=" + enc("Fachkräftesicherng"))->status == 200);  // misspelt
    REQUIRE(c.Get("/?q=Einmalwortzzz")->status == 200);               // rare: never as text
    REQUIRE(c.Get("/?q=Hafen+0341123456")->status == 200);            // "hafen #"
    auto page = c.Get("/?q=Metropolregion");
    REQUIRE(page->status == 200);
    CHECK(page->body.find("/static/klick.js") != std::string::npos);
    CHECK(page->body.find("data-klick=\"/api/click\"") != std::string::npos);
    auto beacon = c.Post("/api/click", "q=Metropolregion&r=1", "application/x-www-form-urlencoded;charset=UTF-8");
    REQUIRE(beacon);
    CHECK(beacon->status == 204);
    CHECK(c.Post("/api/click", "{}", "application/json")->status == 415);
    REQUIRE(wait_for(stats, "metropolregion", 4));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the beacon's second

    json j = stats_json(stats);
    const json* top = row(j["top"], "metropolregion");
    REQUIRE(top);
    CHECK((*top)["searches"] == 4);
    CHECK((*top)["with_hits"] == 4);
    CHECK((*top)["clicks"] == 1);
    const json* zero = row(j["zero_hits"], "xylophonquatsch");
    REQUIRE(zero);
    CHECK((*zero)["without_hits"] == 2);
    CHECK(row(j["top"], "einmalwortzzz") == nullptr);
    CHECK(j["rare_searches"] == 2);
    CHECK(j["searches"] == 4 + 2 + 2 + 2);
    CHECK(j["click_through_by_rank"][0]["rank"] == 1);
    // Nothing with a digit, nothing rare in the file.
    std::string bytes = read_file(stats) + read_file(fs::path(stats.string() + "-wal"));
    CHECK(bytes.find("0341123456") == std::string::npos);
    CHECK(bytes.find("einmalwortzzz") == std::string::npos);

    // CSV and text.
    int rc = -1;
    std::string csv = output(q(bin("news-search")) + " stats --stats-db " + q(stats.string()) + " --format csv", &rc);
    CHECK(rc == 0);
    CHECK(csv.rfind("table,query,rank,day,searches,with_hits,clicks,rate\n", 0) == 0);
    CHECK(csv.find("\ntop,metropolregion,,,4,4,1,") != std::string::npos);
    std::string text = output(q(bin("news-search")) + " stats --stats-db " + q(stats.string()), &rc);
    CHECK(rc == 0);
    CHECK(text.find("Top searches") != std::string::npos);
    // The zero-hit report with the index.
    std::string help = output(q(bin("news-search")) + " stats --stats-db " + q(stats.string()) +
                                  " --format json --zero-hit-suggestions --db " + q(corpus().db.string()),
                              &rc);
    CHECK(rc == 0);
    json h = json::parse(help);
    const json* misspelt = row(h["zero_hits"], "fachkräftesicherng");
    REQUIRE(misspelt);
    CHECK((*misspelt)["suggestion"] == "fachkräftesicherung");
    CHECK((*misspelt)["suggestion_hits"].get<int>() > 0);
    const json* nonsense = row(h["zero_hits"], "xylophonquatsch");
    REQUIRE(nonsense);
    CHECK((*nonsense)["synonym_hits"] == 0);

    // /statistik: from loopback, not through a proxy.
    auto st = c.Get("/statistik");
    REQUIRE(st);
    CHECK(st->status == 200);
    CHECK(st->get_header_value("Cache-Control") == "no-store");
    CHECK(st->body.find("metropolregion") != std::string::npos);
    CHECK(st->body.find("<svg") != std::string::npos);
    auto proxied = c.Get("/statistik", {{"X-Forwarded-For", "203.0.113.9"}});
    CHECK(proxied->status == 403);
    CHECK(c.Get("/statistik", {{"Forwarded", "for=203.0.113.9"}})->status == 403);
}

TEST_CASE("/statistik with a password file from news-searchd --hash-password", "[web-http][stats]") {
    TempDir dir("stats_password");
    const fs::path pw = dir.path / "statistik.pw";
    REQUIRE(run("echo 'Redaktion-Passwort' | " + q(bin("news-searchd")) + " --hash-password > " + q(pw.string())) == 0);
    CHECK(read_file(pw).rfind("$argon2id$", 0) == 0);
    CHECK(run("echo kurz | " + q(bin("news-searchd")) + " --hash-password > /dev/null 2>&1") != 0);
    Searchd s(corpus().db, dir.path,
              {"--stats-db", (dir.path / "stats.db").string(), "--stats-password-file", pw.string()});
    auto c = s.client();
    auto denied = c.Get("/statistik", {{"X-Forwarded-For", "203.0.113.9"}});
    CHECK(denied->status == 401);
    c.set_basic_auth("redaktion", "Redaktion-Passwort");
    CHECK(c.Get("/statistik", {{"X-Forwarded-For", "203.0.113.9"}})->status == 200);
    c.set_basic_auth("redaktion", "falsch");
    CHECK(c.Get("/statistik", {{"X-Forwarded-For", "203.0.113.9"}})->status == 401);
    // A file that is no hash: news-searchd refuses to start (exit 2).
    { std::ofstream(dir.path / "plain.pw") << "Redaktion-Passwort\n"; }
    CHECK(run(q(bin("news-searchd")) + " --db " + q(corpus().db.string()) + " --listen 127.0.0.1:0 --stats-db " +
              q((dir.path / "s2.db").string()) + " --stats-password-file " + q((dir.path / "plain.pw").string()) +
              " > /dev/null 2>&1") == 2);
}

TEST_CASE("a broken statistics store never breaks searching", "[web-http][stats][faults]") {
    TempDir dir("stats_broken");
    const fs::path stats = dir.path / "stats.db";
    { std::ofstream(stats) << std::string(8192, 'x'); }
    Searchd s(corpus().db, dir.path, {"--stats-db", stats.string()});
    auto c = s.client();
    for (int i = 0; i < 5; ++i) {
        auto r = c.Get("/?q=Metropolregion");
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(c.Post("/api/click", "q=Metropolregion&r=1", "application/x-www-form-urlencoded")->status == 204);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(c.Get("/?q=Metropolregion")->status == 200);
    CHECK(c.Get("/statistik")->status == 503);
    std::string log = s.log();
    CHECK(log.find("search statistics not saved") != std::string::npos);
    // Rate-limited: one warning, not one per second.
    size_t warnings = 0;
    for (size_t at = log.find("search statistics not saved"); at != std::string::npos;
         at = log.find("search statistics not saved", at + 1))
        ++warnings;
    CHECK(warnings == 1);
    // The CGI likewise answers, and exits 0.
    CgiRun r = run_cgi({"NEWS_DB=" + corpus().db.string(), "NEWS_STATS_DB=" + stats.string(), "REQUEST_METHOD=GET",
                        "QUERY_STRING=q=Metropolregion"});
    CHECK(r.out.rfind("Status: 200", 0) == 0);
}

TEST_CASE("the CGI counts after answering, alongside news-searchd, and its extra time", "[web-http][stats][cgi]") {
    TempDir dir("stats_cgi");
    const fs::path stats = dir.path / "stats.db";
    const std::vector<std::string> base = {"NEWS_DB=" + corpus().db.string(), "REQUEST_METHOD=GET",
                                           "QUERY_STRING=q=Metropolregion", "SCRIPT_NAME=/cgi-bin/news-search.cgi"};
    auto with_stats = base;
    with_stats.push_back("NEWS_STATS_DB=" + stats.string());
    with_stats.push_back("NEWS_STATS_MIN_COUNT=1");

    CgiRun first = run_cgi(with_stats);
    CHECK(first.out.rfind("Status: 200", 0) == 0);
    // Created under umask 022, the store is still writable by the group it
    // shares with news-searchd (the package's news-search:www-data).
    REQUIRE(fs::exists(stats));
    CHECK((fs::status(stats).permissions() & fs::perms::group_write) != fs::perms::none);
    CHECK(first.out.find("/cgi-bin/news-search.cgi/static/klick.js") != std::string::npos);
    CHECK(first.out.find("data-klick=\"/cgi-bin/news-search.cgi/api/click\"") != std::string::npos);
    // The beacon through the CGI: the body on standard input.
    auto post = base;
    post.insert(post.end(), {"NEWS_STATS_DB=" + stats.string(), "REQUEST_METHOD=POST", "PATH_INFO=/api/click",
                             "CONTENT_TYPE=application/x-www-form-urlencoded", "CONTENT_LENGTH=20"});
    CHECK(run_cgi(post, "q=Metropolregion&r=2").out.rfind("Status: 204", 0) == 0);
    auto big = post;
    big.back() = "CONTENT_LENGTH=5000";
    CHECK(run_cgi(big, std::string(5000, 'a')).out.rfind("Status: 413", 0) == 0);
    auto page = with_stats;
    page.push_back("PATH_INFO=/statistik");
    CHECK(run_cgi(page).out.rfind("Status: 404", 0) == 0);

    // Several CGI processes and news-searchd's threads at once: no count lost.
    Searchd s(corpus().db, dir.path, {"--stats-db", stats.string(), "--stats-min-count", "1"});
    constexpr int kCgi = 3, kCgiRuns = 8, kHttp = 4, kHttpRuns = 10;
    std::vector<std::thread> load;
    for (int i = 0; i < kCgi; ++i)
        load.emplace_back([&] {
            for (int k = 0; k < kCgiRuns; ++k) run_cgi(with_stats);
        });
    std::atomic<int> ok{0};
    for (int i = 0; i < kHttp; ++i)
        load.emplace_back([&] {
            auto c = s.client();
            for (int k = 0; k < kHttpRuns; ++k)
                if (auto r = c.Get("/?q=Metropolregion"); r && r->status == 200) ++ok;
        });
    for (auto& t : load) t.join();
    CHECK(ok == kHttp * kHttpRuns);
    const int expected = 1 + kCgi * kCgiRuns + kHttp * kHttpRuns;
    CHECK(wait_for(stats, "metropolregion", expected));
    json j = stats_json(stats);
    CHECK((*row(j["top"], "metropolregion"))["searches"] == expected);
    CHECK((*row(j["top"], "metropolregion"))["clicks"] == 1);
    s.stop();

    // What the statistics cost the CGI: until its answer is complete (what
    // the reader waits for) and until the process has exited.
    constexpr int kRuns = 15;
    double off_closed = 0, off_exit = 0, on_closed = 0, on_exit = 0;
    for (int i = 0; i < kRuns; ++i) {
        CgiRun a = run_cgi(base);
        CgiRun b = run_cgi(with_stats);
        off_closed += a.closed, off_exit += a.exited, on_closed += b.closed, on_exit += b.exited;
    }
    std::cout << "stats CGI benchmark (" << kRuns << " runs each, mean): answer complete " << 1000 * off_closed / kRuns
              << " ms without statistics, " << 1000 * on_closed / kRuns << " ms with; process exit "
              << 1000 * off_exit / kRuns << " ms without, " << 1000 * on_exit / kRuns
              << " ms with; after the answer the process runs " << 1000 * (off_exit - off_closed) / kRuns
              << " ms without statistics (its own teardown), " << 1000 * (on_exit - on_closed) / kRuns
              << " ms with\n";
}

TEST_CASE("news-search stats is a subcommand, news-search -- stats searches the word", "[web-http][stats][cli]") {
    int rc = -1;
    std::string help = output(q(bin("news-search")) + " stats --help", &rc);
    CHECK(rc == 0);
    CHECK(help.find("--zero-hit-suggestions") != std::string::npos);
    std::string search = output(q(bin("news-search")) + " --db " + q(corpus().db.string()) + " --format json -- stats", &rc);
    CHECK(rc == 0);
    json j = json::parse(search);
    CHECK(j["query"] == "stats");
    // Without a store: a usage error, with a missing file: exit 1.
    CHECK(run("env -u NEWS_STATS_DB " + q(bin("news-search")) + " stats > /dev/null 2>&1") == 2);
    CHECK(run(q(bin("news-search")) + " stats --stats-db /nonexistent/stats.db > /dev/null 2>&1") == 1);
    CHECK(run(q(bin("news-search")) + " stats --stats-db x --from 2024-13-01 > /dev/null 2>&1") == 2);
}

TEST_CASE("news-searchd stopped by SIGTERM writes the counts of its last second", "[web-http][stats]") {
    TempDir dir("stats_stop");
    const fs::path stats = dir.path / "stats.db";
    Searchd s(corpus().db, dir.path, {"--stats-db", stats.string(), "--stats-min-count", "1"});
    auto c = s.client();
    for (int i = 0; i < 3; ++i) REQUIRE(c.Get("/?q=Metropolregion")->status == 200);
    CHECK(s.stop() == 0);  // at once: the flusher may not have run yet
    json j = stats_json(stats);
    const json* r = row(j["top"], "metropolregion");
    REQUIRE(r);
    CHECK((*r)["searches"] == 3);
}
