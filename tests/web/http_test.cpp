// news-searchd over real HTTP: a corpus indexed with news-index into a temp
// directory, the daemon on a loopback port of its choosing, httplib::Client.
#include "web_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <set>

using namespace news::webtest;
using nlohmann::json;

namespace {

const char* kSeedTitle = "Deutsche Metropolregionen treffen sich in Hamburg";

/// The corpus index and a running daemon, once per test process.
struct Served {
    TempDir dir{"http"};
    fs::path db = dir.path / "news.db";
    std::unique_ptr<Searchd> searchd;
    Served() {
        index(NEWS_CORPUS_DIR, db);
        searchd = std::make_unique<Searchd>(db, dir.path);
    }
};

Served& served() {
    static Served s;
    return s;
}

httplib::Result get(const std::string& path) {
    auto c = served().searchd->client();
    return c.Get(path.c_str());
}

json get_json(const std::string& path, int status = 200) {
    auto r = get(path);
    INFO(path);
    REQUIRE(r);
    CHECK(r->status == status);
    CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
    return json::parse(r->body);
}

json search(const std::string& query) { return get_json("/api/search?" + query); }

/// news-search --format json with the same request, as the archivist's tool answers it.
json cli_search(const std::string& args) {
    fs::path out = served().dir.path / "cli.json";
    int rc = run(q(bin("news-search")) + " --db " + q(served().db.string()) + " --format json " + args + " > " +
                 q(out.string()));
    REQUIRE(rc == 0);
    return json::parse(read_file(out));
}

}  // namespace

TEST_CASE("healthz reports the document count and the build time", "[web][http]") {
    json h = get_json("/healthz");
    CHECK(h["status"] == "ok");
    CHECK(h["documents"].get<int>() == 26);
    CHECK_FALSE(h["built_at"].get<std::string>().empty());
}

TEST_CASE("/api/search answers the JSON of news-search --format json (--recency: the website's ranking)",
          "[web][http][api]") {
    json r = search("q=" + enc("Fachkräftesicherung"));
    for (const char* key : {"total", "total_exact", "offset", "limit", "took_ms", "query", "suggestion", "hits", "facets"})
        CHECK(r.contains(key));
    REQUIRE_FALSE(r["hits"].empty());
    for (const char* key : {"rank", "id", "url", "title", "date", "regions", "topics", "score", "percent", "snippet", "path"})
        CHECK(r["hits"][0].contains(key));
    bool marked = false;
    for (const auto& h : r["hits"]) marked = marked || h["snippet"].get<std::string>().find("<mark>") != std::string::npos;
    CHECK(marked);
    for (const char* facet : {"region", "topic", "year", "month"}) CHECK(r["facets"].contains(facet));

    for (const auto& [api, cli] : std::vector<std::pair<std::string, std::string>>{
             {"q=" + enc("Fachkräftesicherung"), "--recency Fachkräftesicherung"},
             {"q=Metropolregion&size=5&page=2", "--recency Metropolregion --limit 5 --offset 5"},
             {"q=Metropolregion&recency=0", "Metropolregion"},
             {"q=Wasserstoff&sort=date", "--recency Wasserstoff --sort date"},
             {"q=Wasserstoff&from=2021-01-01&to=2023-12-31", "--recency Wasserstoff --from 2021-01-01 --to 2023-12-31"},
             {"q=" + enc("Fachkräftesicherng"), "--recency Fachkräftesicherng"}}) {
        INFO(api);
        json a = search(api), c = cli_search(cli);
        a.erase("took_ms");
        c.erase("took_ms");
        if (api.find("from=") != std::string::npos) {
            // The website's year, month and timeline leave the date range out (the
            // timeline shows it within the whole span); the CLI's honour it.
            for (json* j : {&a, &c}) {
                j->erase("timeline");
                (*j)["facets"].erase("year");
                (*j)["facets"].erase("month");
            }
        }
        CHECK(a == c);
    }
}

TEST_CASE("filters: regions and topics repeat (any of), dates are inclusive", "[web][http][filters]") {
    json hamburg = search("q=Metropolregion&region=Hamburg&size=50");
    REQUIRE(hamburg["total"].get<int>() > 0);
    for (const auto& h : hamburg["hits"]) {
        auto regions = h["regions"].get<std::vector<std::string>>();
        CHECK(std::find(regions.begin(), regions.end(), "Hamburg") != regions.end());
    }
    json nordwest = search("q=Metropolregion&region=Nordwest&size=50");
    json both = search("q=Metropolregion&region=Hamburg&region=Nordwest&size=50");
    std::set<std::string> ids;
    for (const json* r : {&hamburg, &nordwest})
        for (const auto& h : (*r)["hits"]) ids.insert(h["id"].get<std::string>());
    CHECK(both["total"].get<size_t>() == ids.size());

    json topic = search("q=Metropolregion&topic=Wirtschaft&size=50");
    REQUIRE(topic["total"].get<int>() > 0);
    for (const auto& h : topic["hits"]) {
        auto topics = h["topics"].get<std::vector<std::string>>();
        CHECK(std::find(topics.begin(), topics.end(), "Wirtschaft") != topics.end());
    }

    json dated = search("region=Mitteldeutschland&from=2023-01-01&to=2024-12-31&size=50");
    REQUIRE(dated["total"].get<int>() > 0);
    for (const auto& h : dated["hits"]) {
        std::string d = h["date"];
        CHECK(d >= "2023-01-01");
        CHECK(d <= "2024-12-31");
    }
}

TEST_CASE("facet counts honour the other filters", "[web][http][facets]") {
    // Each region's count under a topic filter is what choosing that region would find.
    json base = search("q=Metropolregion&topic=Kooperation");
    REQUIRE_FALSE(base["facets"]["region"].empty());
    for (const auto& v : base["facets"]["region"]) {
        std::string region = v["value"];
        json chosen = search("q=Metropolregion&topic=Kooperation&region=" + enc(region));
        INFO(region);
        CHECK(chosen["total"] == v["count"]);
    }
    // With a region chosen, the other regions keep their counts (the filter is "any of").
    json one = search("q=Metropolregion&region=Hamburg");
    json none = search("q=Metropolregion");
    CHECK(one["facets"]["region"] == none["facets"]["region"]);
    // Topic and year counts honour the region filter.
    int topics_total = 0;
    for (const auto& v : one["facets"]["year"]) topics_total += v["count"].get<int>();
    CHECK(topics_total == one["total"].get<int>());
}

TEST_CASE("paging: pages do not overlap and ranks continue", "[web][http][paging]") {
    json p1 = search("q=Metropolregion&size=3&page=1");
    json p2 = search("q=Metropolregion&size=3&page=2");
    REQUIRE(p1["total"].get<int>() >= 6);
    CHECK(p1["total"] == p2["total"]);
    CHECK(p2["offset"] == 3);
    CHECK(p2["limit"] == 3);
    REQUIRE(p2["hits"].size() == 3);
    CHECK(p2["hits"][0]["rank"] == 4);
    for (const auto& a : p1["hits"])
        for (const auto& b : p2["hits"]) CHECK(a["id"] != b["id"]);
    json beyond = search("q=Metropolregion&size=10&page=50");
    CHECK(beyond["hits"].empty());

    json newest = search("q=Metropolregion&sort=date&size=50");
    json oldest = search("q=Metropolregion&sort=date-asc&size=50");
    std::vector<std::string> dates;
    for (const auto& h : newest["hits"]) dates.push_back(h["date"]);
    CHECK(std::is_sorted(dates.rbegin(), dates.rend()));
    CHECK(newest["hits"].back()["id"] == oldest["hits"][0]["id"]);
}

TEST_CASE("bad parameters are a 400 with a JSON error", "[web][http][errors]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"/api/search?q=a&size=100000", "size"},
        {"/api/search?q=a&size=0", "size"},
        {"/api/search?q=a&page=-1", "page"},
        {"/api/search?q=a&page=x", "page"},
        {"/api/search?q=a&page=5000", "page"},
        {"/api/search?q=a&from=2024-13-45", "from"},
        {"/api/search?q=a&to=31/12/2024", "to"},  // 31.12.2024 is read as German (the date field)
        {"/api/search?q=a&from=2024-05-01&to=2024-01-01", "from"},
        {"/api/search?q=a&sort=nonsense", "sort"},
        {"/api/search?q=" + std::string(600, 'x'), "q"},
        {"/api/search?q=%FF", "q"},
        {"/api/search", "q"},
        {"/api/suggest?q=a&limit=1000", "limit"},
    };
    for (const auto& [path, param] : cases) {
        INFO(path.substr(0, 60));
        json e = get_json(path, 400);
        CHECK(e["status"] == 400);
        CHECK_FALSE(e["error"].get<std::string>().empty());
        CHECK(e["parameter"] == param);
    }
    // Longer than httplib's request line: still a 400 with JSON.
    json huge = get_json("/api/search?q=" + std::string(20000, 'x'), 400);
    CHECK(huge["error"].get<std::string>().find("too long") != std::string::npos);
    // The page says it in German, with the form still there.
    auto page = get("/?q=a&sort=nonsense");
    REQUIRE(page);
    CHECK(page->status == 400);
    CHECK(page->body.find("Diese Sortierung gibt es nicht") != std::string::npos);
    CHECK(page->body.find("name=\"q\" value=\"a\"") != std::string::npos);
    CHECK(get_json("/api/nothing", 404)["status"] == 404);
    auto c = served().searchd->client();
    auto post = c.Post("/api/search", "q=a", "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 405);
}

TEST_CASE("what the user typed is escaped in the page and the API", "[web][http][escaping]") {
    const std::string evil = "<script>alert(1)</script>";
    auto r = get("/?q=" + enc(evil));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find(evil) == std::string::npos);
    CHECK(r->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(r->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
    CHECK(r->get_header_value("Content-Security-Policy").find("unsafe-inline") == std::string::npos);
    const std::string attr = "\"><img src=x onerror=alert(1)>";
    r = get("/?q=" + enc(attr) + "&region=" + enc(attr));
    REQUIRE(r);
    CHECK(r->body.find("\"><img") == std::string::npos);
    json api = search("q=" + enc(evil));
    CHECK(api["query"] == evil);  // JSON carries it as data, escaped by the encoder
    CHECK(get("/api/search?q=" + enc(evil))->body.find("\"query\":\"<script>") != std::string::npos);
    json s = get_json("/api/suggest?q=" + enc(evil));
    CHECK(s["query"] == evil);
}

TEST_CASE("suggestions complete the last word", "[web][http][suggest]") {
    json s = get_json("/api/suggest?q=Fachkr");
    REQUIRE_FALSE(s["suggestions"].empty());
    for (const auto& w : s["suggestions"]) CHECK(w.get<std::string>().rfind("Fachkr", 0) == 0);
    json two = get_json("/api/suggest?q=" + enc("Metropolregion Hambu"));
    REQUIRE_FALSE(two["suggestions"].empty());
    CHECK(two["suggestions"][0] == "Metropolregion Hamburg");
    CHECK(get_json("/api/suggest?q=Fachkr&limit=2")["suggestions"].size() <= 2);
    CHECK(get_json("/api/suggest?q=")["suggestions"].empty());
    auto os = get("/api/suggest?q=fachkr&format=opensearch");
    REQUIRE(os);
    json arr = json::parse(os->body);
    CHECK(arr[0] == "fachkr");
    CHECK(arr[1].is_array());
}

TEST_CASE("the search page: results, facets, did-you-mean, no results", "[web][http][page]") {
    auto r = get("/?q=" + enc("Fachkräftesicherung"));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(r->body.find(kSeedTitle) != std::string::npos);
    CHECK(r->body.find("<mark>") != std::string::npos);
    CHECK(r->body.find("<h3>Region</h3>") != std::string::npos);
    // Misspelt, no hits as written: the correction's hits, and a way back.
    r = get("/?q=" + enc("Fachkräftesicherng"));
    REQUIRE(r);
    CHECK(r->body.find("Ergebnisse für „Fachkräftesicherung“ – stattdessen suchen nach") != std::string::npos);
    CHECK(r->body.find(kSeedTitle) != std::string::npos);
    // correct=0: the query as written, with the suggestion as a link.
    r = get("/?q=" + enc("Fachkräftesicherng") + "&correct=0");
    REQUIRE(r);
    CHECK(r->body.find("Meinten Sie <a href=\"/?q=Fachkr%C3%A4ftesicherung") != std::string::npos);
    CHECK(r->body.find(kSeedTitle) == std::string::npos);
    r = get("/?q=Xylophonorchesterprobe");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("Keine Treffer") != std::string::npos);
    CHECK(r->body.find("Prüfen Sie die Schreibweise") != std::string::npos);
    r = get("/");
    REQUIRE(r);
    CHECK(r->body.find("Suche im Nachrichtenarchiv") != std::string::npos);
}

TEST_CASE("static files, OpenSearch, and nothing outside them", "[web][http][static]") {
    auto css = get("/static/site.css");
    REQUIRE(css);
    CHECK(css->status == 200);
    CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
    auto os = get("/opensearch.xml");
    REQUIRE(os);
    CHECK(os->body.find("OpenSearchDescription") != std::string::npos);
    CHECK(os->body.find("template=\"http://127.0.0.1:" + std::to_string(served().searchd->port()) +
                        "/?q={searchTerms}") != std::string::npos);
    for (const char* path : {"/../../../../etc/passwd", "/static/../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                             "/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fetc%2fpasswd", "/etc/passwd",
                             "/CMakeLists.txt", "/web/assets/site.css", "/static/"}) {
        auto r = get(path);
        INFO(path);
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(r->body.find("root:") == std::string::npos);
    }
}

TEST_CASE("parallel requests are all answered", "[web][http][parallel]") {
    const std::vector<std::string> queries = {"Metropolregion", "Hamburg", "Wasserstoff", enc("Fachkräfte"),
                                              enc("Förderung"), "Region"};
    std::atomic<int> failed{0}, ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            auto c = served().searchd->client();
            for (int i = 0; i < 25; ++i) {
                auto r = c.Get(("/api/search?q=" + queries[(t + i) % queries.size()]).c_str());
                if (r && r->status == 200 && json::parse(r->body)["total"].get<int>() > 0) ++ok;
                else ++failed;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(failed == 0);
    CHECK(ok == 200);
}

TEST_CASE("the API's timeline: exact counts of the whole match set, the date filter left out", "[web][http][timeline]") {
    json all = search("q=Metropolregion&size=1");
    REQUIRE(all.contains("timeline"));
    CHECK(all["timeline"]["unit"] == "year");  // the sample archive spans 2019-2025
    std::uint64_t bars = 0, months = 0, years = 0;
    for (const auto& b : all["timeline"]["bars"]) {
        bars += b["count"].get<std::uint64_t>();
        CHECK(b["from"].get<std::string>() == b["period"].get<std::string>() + "-01-01");
        CHECK(b["to"].get<std::string>() == b["period"].get<std::string>() + "-12-31");
    }
    for (const auto& v : all["facets"]["month"]) months += v["count"].get<std::uint64_t>();
    for (const auto& v : all["facets"]["year"]) years += v["count"].get<std::uint64_t>();
    CHECK(bars == months);
    CHECK(bars == years);
    CHECK(bars >= all["total"].get<std::uint64_t>());  // total counts near-duplicates once

    // A date filter narrows the hits, not the timeline: it shows the filter within the whole span.
    json one_year = search("q=Metropolregion&from=2024-01-01&to=2024-12-31");
    CHECK(one_year["timeline"] == all["timeline"]);
    CHECK(one_year["total"].get<std::uint64_t>() < all["total"].get<std::uint64_t>());
    for (const auto& h : one_year["hits"]) CHECK(h["date"].get<std::string>().rfind("2024-", 0) == 0);

    // Matches within two years: month by month. Browse mode (filters only) has one too.
    json months_only = search("q=Photonik");
    CHECK(months_only["timeline"]["unit"] == "month");
    json browse = search("topic=Verkehr");
    CHECK_FALSE(browse["timeline"]["bars"].empty());
}
