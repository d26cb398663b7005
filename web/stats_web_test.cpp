// The statistics' web side without an index: the click beacon's answers,
// /statistik's access rules and escaping, the page's beacon hooks.
#include "stats/password.hpp"
#include "stats/store.hpp"
#include "web/page.hpp"
#include "web/service.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <unistd.h>

using namespace news::web;

namespace {

struct Dir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("news_stats_web_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() { std::filesystem::remove_all(path); }
    static int& counter() {
        static int n = 0;
        return n;
    }
    std::string stats() const { return (path / "stats.db").string(); }
};

ServiceSettings settings_for(const Dir& d, bool stats = true) {
    ServiceSettings s;
    s.db_path = (d.path / "no-index.db").string();
    if (stats) s.stats.db_path = d.stats();
    s.stats.min_count = 1;
    return s;
}

Request click(const std::string& body, const std::string& type = "application/x-www-form-urlencoded;charset=UTF-8") {
    Request r;
    r.method = "POST";
    r.path = "/api/click";
    r.body = body;
    r.content_type = type;
    return r;
}

long long clicks_in(const std::string& db) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    long long n = -1;
    if (sqlite3_prepare_v2(h, "SELECT (SELECT COALESCE(SUM(clicks),0) FROM clicks) + (SELECT COALESCE(SUM(clicks),0) FROM pending_clicks)", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

std::string header(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers)
        if (n == name) return v;
    return "";
}

Request statistik(bool loopback, bool forwarded = false, const std::string& authorization = "",
                  const std::string& query = "") {
    Request r;
    r.path = "/statistik";
    r.loopback = loopback;
    r.forwarded = forwarded;
    r.authorization = authorization;
    r.query = query;
    return r;
}

}  // namespace

TEST_CASE("the click beacon answers 204 and refuses bad input", "[web][stats][click]") {
    Dir dir;
    Service service(settings_for(dir));
    CHECK(service.handle(click("q=Hafen&r=1")).status == 204);
    CHECK(service.handle(click("q=Hafen&r=2", "text/plain;charset=UTF-8")).status == 204);
    CHECK(service.handle(click("q=Hafen&r=1", "application/json")).status == 415);
    CHECK(service.handle(click("q=Hafen&r=1", "")).status == 415);
    CHECK(service.handle(click("q=" + std::string(2000, 'x') + "&r=1")).status == 413);
    CHECK(service.handle(click("r=1")).status == 400);
    CHECK(service.handle(click("q=&r=1")).status == 400);
    CHECK(service.handle(click("q=Hafen")).status == 400);
    CHECK(service.handle(click("q=Hafen&r=0")).status == 400);
    CHECK(service.handle(click("q=Hafen&r=1001")).status == 400);
    CHECK(service.handle(click("q=Hafen&r=-1")).status == 400);
    CHECK(service.handle(click("q=Hafen&r=abc")).status == 400);
    CHECK(service.handle(click("q=%FF%FE&r=1")).status == 400);  // not UTF-8
    Request get = click("");
    get.method = "GET";
    Response r = service.handle(get);
    CHECK(r.status == 405);
    CHECK(header(r, "Allow") == "POST");
    // Only the two good beacons were counted (pending: no search of "hafen" today).
    service.flush_stats();
    CHECK(clicks_in(dir.stats()) == 2);
    // Other routes still refuse POST.
    Request post_page = click("q=x&r=1");
    post_page.path = "/";
    CHECK(service.handle(post_page).status == 405);
}

TEST_CASE("without statistics there is no beacon and no /statistik", "[web][stats][click]") {
    Dir dir;
    Service service(settings_for(dir, false));
    CHECK(service.handle(click("q=Hafen&r=1")).status == 404);
    CHECK(service.handle(statistik(true)).status == 404);
    CHECK_FALSE(std::filesystem::exists(dir.stats()));
}

TEST_CASE("/statistik: loopback without proxy headers, else the password", "[web][stats][statistik]") {
    Dir dir;
    SECTION("no password configured") {
        Service service(settings_for(dir));
        Response ok = service.handle(statistik(true));
        CHECK(ok.status == 200);
        CHECK(header(ok, "Cache-Control") == "no-store");
        CHECK(service.handle(statistik(true, true)).status == 403);  // through a proxy on this machine
        CHECK(service.handle(statistik(false)).status == 403);
        CHECK(service.handle(statistik(false, false, "Basic dXNlcjp4")).status == 403);
    }
    SECTION("with a password") {
        ServiceSettings s = settings_for(dir);
        s.stats_password_hash = news::stats::hash_password("geheim-123");
        Service service(s);
        Response denied = service.handle(statistik(false));
        CHECK(denied.status == 401);
        CHECK(header(denied, "WWW-Authenticate").rfind("Basic realm=", 0) == 0);
        CHECK(header(denied, "Cache-Control") == "no-store");
        // "redaktion:falsch", "redaktion:geheim-123"
        CHECK(service.handle(statistik(false, false, "Basic cmVkYWt0aW9uOmZhbHNjaA==")).status == 401);
        CHECK(service.handle(statistik(false, false, "Basic !!!")).status == 401);
        CHECK(service.handle(statistik(false, false, "Bearer cmVkYWt0aW9uOmdlaGVpbS0xMjM=")).status == 401);
        CHECK(service.handle(statistik(false, false, "Basic cmVkYWt0aW9uOmdlaGVpbS0xMjM=")).status == 200);
        CHECK(service.handle(statistik(true, true, "Basic cmVkYWt0aW9uOmdlaGVpbS0xMjM=")).status == 200);
        CHECK(service.handle(statistik(true)).status == 200);
    }
    SECTION("the CGI has none") {
        ServiceSettings s = settings_for(dir);
        s.statistik_page = false;
        Service service(s);
        CHECK(service.handle(statistik(true)).status == 404);
    }
    SECTION("a bad period is a German message, not an error") {
        Service service(settings_for(dir));
        Response r = service.handle(statistik(true, false, "", "von=gestern&bis=%3Cb%3E"));
        CHECK(r.status == 400);
        CHECK(r.body.find("<b>") == std::string::npos);
        CHECK(service.handle(statistik(true, false, "", "von=2024-05-02&bis=2024-05-01")).status == 400);
    }
}

TEST_CASE("/statistik escapes every query text", "[web][stats][statistik]") {
    Dir dir;
    {
        // Written straight into the store, past the normalisation, as a
        // hostile or future store could hold it.
        news::stats::Store store({dir.stats(), 1, 90});
        news::stats::Batch b;
        b["<script>alert(1)</script>"] = {5, 0, {}};
        b["\"><img src=x onerror=alert(2)>"] = {4, 4, {}};
        store.record(b, news::stats::today());
    }
    Service service(settings_for(dir));
    Response r = service.handle(statistik(true));
    REQUIRE(r.status == 200);
    CHECK(r.body.find("<script") == std::string::npos);
    CHECK(r.body.find("<img") == std::string::npos);
    CHECK(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(r.body.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
    CHECK(r.body.find("<svg") != std::string::npos);
    CHECK(header(r, "Content-Security-Policy").find("script-src") == std::string::npos);  // default-src 'none'
    // Through the beacon the query is normalised before it is stored at all.
    CHECK(service.handle(click("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&r=1")).status == 204);
}

TEST_CASE("the page loads klick.js and marks the result list only with statistics on", "[web][stats][page]") {
    news::searcher::SearchResult result;
    result.total = 1;
    result.hits.resize(1);
    result.hits[0].title = "Hafen";
    PageModel model;
    model.params = parse_search_params(parse_query_string("q=%22Hafen%22"), Limits{});
    model.result = &result;
    PageContext off;
    std::string page = render_page(off, model);
    CHECK(page.find("klick.js") == std::string::npos);
    CHECK(page.find("data-klick") == std::string::npos);
    PageContext on;
    on.click_url = on.route_url("api/click");
    page = render_page(on, model);
    CHECK(page.find("<script src=\"/static/klick.js\" defer></script>") != std::string::npos);
    CHECK(page.find("data-klick=\"/api/click\" data-klick-q=\"&quot;Hafen&quot;\"") != std::string::npos);
}
