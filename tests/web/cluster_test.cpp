// A cluster: the archive built as three shards (news-index build --shards 3),
// each served by its own stock xapian-tcpsrv on 127.0.0.1, searched through a
// cluster file (the lexicon local, the shards remote) against the same
// articles built as one index. Then the faults: a shard killed, stopped,
// restarted, under load and through news-searchd.
#include "web_fixture.hpp"

#include "searcher/searcher.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <set>

using namespace news::webtest;
using news::searcher::SearchRequest;
using news::searcher::SearchResult;
using news::searcher::Searcher;
using news::searcher::SortOrder;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kCsv = NEWS_SHARED_DIR "/data/10kgnad/test.csv";
const std::string kQueries = NEWS_SHARED_DIR "/tools/queries.txt";

bool shared_data(const std::string& path, const std::string& what) {
    if (fs::exists(path)) return true;
    std::cout << "SKIPPED: needs " << what << ": " << path << " not found (../shared beside the clone)" << std::endl;
    return false;
}

/// The same articles as one index and as a cluster of `shards` shards, each
/// behind its own xapian-tcpsrv.
struct Cluster {
    TempDir dir{"cluster"};
    fs::path single, sharded, stub;
    std::string lexicon;
    std::vector<std::string> shards;
    std::vector<int> ports;
    std::vector<std::unique_ptr<Process>> servers;

    /// `with_single`: build the same articles as one index too (the comparisons).
    Cluster(const fs::path& source, size_t n, bool with_single = true) {
        single = dir.path / "single.db";
        sharded = dir.path / "sharded.db";
        if (with_single) index(source, single);
        const int rc = run(q(bin("news-index")) + " -q build --source " + q(source.string()) + " --db " +
                           q(sharded.string()) + " --shards " + std::to_string(n) + " >/dev/null");
        if (rc != 0) throw std::runtime_error("news-index build --shards failed with " + std::to_string(rc));
        // The build's stub: the lexicon first, then the shards.
        std::istringstream lines(read_file(sharded));
        std::string line;
        while (std::getline(lines, line)) {
            if (line.rfind("auto ", 0) != 0) continue;
            fs::path p(line.substr(5));
            if (p.is_relative()) p = sharded.parent_path() / p;
            (lexicon.empty() ? lexicon : shards.emplace_back()) = p.string();
        }
        if (shards.size() != n) throw std::runtime_error("expected " + std::to_string(n) + " shards in " + read_file(sharded));
        std::string text = "# lexicon local, shards served by xapian-tcpsrv\nauto " + lexicon + "\n";
        for (size_t i = 0; i < n; ++i) {
            ports.push_back(free_port());
            servers.emplace_back();
            start(i);
            text += "remote 127.0.0.1:" + std::to_string(ports[i]) + "\n";
        }
        stub = dir.path / "cluster.stub";
        std::ofstream(stub) << text;
    }

    /// Start shard i's server and wait until it accepts connections.
    void start(size_t i) {
        servers[i] = std::make_unique<Process>(
            std::vector<std::string>{NEWS_XAPIAN_TCPSRV, "--interface", "127.0.0.1", "--port",
                                     std::to_string(ports[i]), "--quiet", shards[i]},
            dir.path / ("tcpsrv" + std::to_string(i) + ".log"), std::map<std::string, std::string>{}, true);
        for (int attempt = 0; attempt < 200; ++attempt) {
            try {
                Xapian::Remote::open("127.0.0.1", static_cast<unsigned>(ports[i]), 2000, 2000);
                return;
            } catch (const Xapian::Error&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        throw std::runtime_error("xapian-tcpsrv for shard " + std::to_string(i) + " did not start");
    }
    /// xapian-tcpsrv forks a child per connection and signals its process
    /// group at SIGTERM: it runs in a group of its own, signalled as a whole.
    void signal(size_t i, int sig) { servers[i]->signal(sig); }
    void kill(size_t i) {
        signal(i, SIGKILL);
        servers[i].reset();  // reaped
    }
};

std::string facets_text(const SearchResult& r) {
    std::string out;
    for (const auto& [name, values] : r.facets) {
        out += name + ":";
        for (const auto& v : values) out += " " + v.value + "=" + std::to_string(v.count);
        out += "\n";
    }
    return out;
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

/// The cluster gives the single index's answer: the same totals, facet
/// counts, suggestion and collapse counts, and the same hits. Tolerance:
/// hits of equal weight (and, sorted by date, equal date) come in docid
/// order, which the shards number differently; within such a tie the ids
/// may come in another order, and a tie cut by the end of the page may
/// show other members of it.
///
/// A wildcard is expanded by each shard over its own words and weighed with
/// that shard's estimates (Xapian's remote backend): the same matches and
/// counts, but weights that differ a little; its hits are compared as a set
/// when the page holds every match.
void same_answer(Searcher& one, Searcher& many, const SearchRequest& req, const std::string& what) {
    INFO(what);
    const SearchResult a = one.search(req);
    const SearchResult b = many.search(req);
    CHECK_FALSE(b.partial);
    CHECK(b.total == a.total);
    CHECK(b.total_exact == a.total_exact);
    CHECK(facets_text(b) == facets_text(a));
    CHECK(b.suggestion == a.suggestion);
    CHECK(b.query_ran == a.query_ran);
    REQUIRE(b.hits.size() == a.hits.size());
    if (req.query.find('*') != std::string::npos) {
        std::set<std::string> ids_a, ids_b;
        for (size_t k = 0; k < a.hits.size(); ++k) ids_a.insert(a.hits[k].id), ids_b.insert(b.hits[k].id);
        if (a.total <= a.hits.size()) CHECK(ids_b == ids_a);
        return;
    }
    auto key_equal = [&](size_t i, size_t j) {
        return close(a.hits[i].score, a.hits[j].score) && (req.sort == SortOrder::RELEVANCE || a.hits[i].date == a.hits[j].date);
    };
    std::map<std::string, const news::searcher::Hit*> by_id;
    for (const auto& h : b.hits) by_id[h.id] = &h;
    for (size_t i = 0; i < a.hits.size();) {
        size_t end = i + 1;
        while (end < a.hits.size() && key_equal(i, end)) ++end;
        std::set<std::string> ids_a, ids_b;
        for (size_t k = i; k < end; ++k) {
            INFO("rank " << k + 1 << ": " << a.hits[k].id << " vs " << b.hits[k].id);
            CHECK(close(b.hits[k].score, a.hits[k].score));
            CHECK(b.hits[k].date == a.hits[k].date);
            ids_a.insert(a.hits[k].id);
            ids_b.insert(b.hits[k].id);
        }
        const bool cut = end == a.hits.size() && a.total > a.offset + a.hits.size();
        if (!cut) CHECK(ids_b == ids_a);
        i = end;
    }
    for (const auto& h : a.hits) {
        auto found = by_id.find(h.id);
        if (found == by_id.end()) continue;
        INFO("hit " << h.id);
        CHECK(found->second->similar == h.similar);
        CHECK(found->second->snippet == h.snippet);
        CHECK(found->second->title == h.title);
    }
}

std::vector<std::string> read_queries() {
    std::vector<std::string> out;
    std::ifstream in(kQueries);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#') out.push_back(line);
    return out;
}

SearchRequest website(const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.recency = true;
    r.time_limit_seconds = 5;
    return r;
}

}  // namespace

TEST_CASE("a cluster of 3 shards answers every benchmark query as the single index", "[cluster][gnad]") {
    if (!shared_data(kCsv, "the 10kGNAD test split") || !shared_data(kQueries, "the benchmark queries")) return;
    TempDir xml("cluster_gnad");
    const std::string out = (xml.path / "gnad").string();
    REQUIRE(run("python3 " + q(NEWS_TOOLS_DIR "/gnad_to_xml.py") + " " + q(kCsv) + " " + q(out) + " >/dev/null") == 0);
    Cluster c(out, 3);
    Searcher one(c.single.string());
    Searcher many(c.stub.string());
    REQUIRE(many.is_cluster());
    REQUIRE(many.doccount() == one.doccount());
    const auto queries = read_queries();
    REQUIRE(queries.size() >= 10);
    for (const std::string& query : queries) {
        SearchRequest web = website(query);
        same_answer(one, many, web, "website: " + query);
        SearchRequest archive;
        archive.query = query;
        archive.limit = 20;
        same_answer(one, many, archive, "archivist: " + query);
        archive.sort = SortOrder::DATE_DESC;
        archive.limit = 10;
        archive.regions = {};
        same_answer(one, many, archive, "by date: " + query);
    }
    // A misspelt query: the suggestion comes from the local lexicon.
    SearchRequest typo = website("Regirung");
    typo.correct = false;
    same_answer(one, many, typo, "misspelt");
    CHECK_FALSE(many.search(typo).suggestion.empty());
    CHECK(many.suggest("regier", 8) == one.suggest("regier", 8));
}

TEST_CASE("a cluster searches as one index with filters and browse and like and explain and export", "[cluster]") {
    Cluster c(NEWS_CORPUS_DIR, 3);
    Searcher one(c.single.string());
    Searcher many(c.stub.string());
    REQUIRE(many.is_cluster());
    REQUIRE(many.doccount() == one.doccount());
    for (const char* query : {"Wirtschaft", "Metropolregion Nürnberg", "\"in Leipzig\"", "Energie*",
                                     "title:Wasserstoff OR Klima", "Fachkräfte -Hamburg"}) {
        same_answer(one, many, website(query), std::string("website: ") + query);
        SearchRequest dated;
        dated.query = query;
        dated.sort = SortOrder::DATE_ASC;
        dated.from = "2020-01-01";
        same_answer(one, many, dated, std::string("date range, oldest first: ") + query);
    }
    SearchRequest browse;
    browse.regions = {"Mitteldeutschland"};
    same_answer(one, many, browse, "browse by region");
    SearchRequest topics;
    topics.query = "Region";
    topics.topics = {"Wirtschaft"};
    same_answer(one, many, topics, "topic filter");

    // More like this: the same neighbours.
    const SearchResult any = one.search(website("Wirtschaft"));
    REQUIRE_FALSE(any.hits.empty());
    SearchRequest like;
    like.like = any.hits[0].id;
    same_answer(one, many, like, "like " + like.like);

    // Explain: the same parts weigh the same.
    SearchRequest ex = website("Wasserstoff Energie");
    ex.explain = true;
    const SearchResult ea = one.search(ex), eb = many.search(ex);
    REQUIRE_FALSE(eb.hits.empty());
    REQUIRE(ea.hits.size() == eb.hits.size());
    CHECK(eb.hits[0].explain.size() == ea.hits[0].explain.size());

    // The export: every hit, in order.
    SearchRequest all;
    all.query = "Region";
    all.collapse = false;
    std::vector<std::string> ids_a, ids_b;
    CHECK(one.for_each_hit(all, [&](const news::searcher::Hit& h) { ids_a.push_back(h.id); }) ==
          many.for_each_hit(all, [&](const news::searcher::Hit& h) { ids_b.push_back(h.id); }));
    CHECK(std::set<std::string>(ids_a.begin(), ids_a.end()) == std::set<std::string>(ids_b.begin(), ids_b.end()));
    CHECK(many.suggest("wirt", 5) == one.suggest("wirt", 5));
}

TEST_CASE("a shard that is killed or stopped or restarted gives partial answers in time and full ones after", "[cluster]") {
    // A short timeout for the stopped shard; retried after 0.2 s.
    news::searcher::ClusterOptions options;
    options.timeout_seconds = 0.5;
    options.retry_seconds = 0.2;
    options.max_retry_seconds = 0.4;
    Cluster c(NEWS_CORPUS_DIR, 3, false);
    Searcher many(c.stub.string(), nullptr, options);
    SearchRequest req = website("Region");
    const SearchResult full = many.search(req);
    REQUIRE_FALSE(full.partial);
    REQUIRE(full.total > 3);
    REQUIRE(full.shards == 4);

    auto timed = [&](const char* what) {
        INFO(what);
        const auto t0 = Clock::now();
        SearchResult r = many.search(req);
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        // A bound on hanging, not a speed target: the timeout and one retry.
        CHECK(seconds < 4 * options.timeout_seconds + 2);
        return r;
    };

    SECTION("killed: the others answer, flagged; it comes back by itself") {
        c.kill(1);
        SearchResult r = timed("killed");
        CHECK(r.partial);
        CHECK_FALSE(r.total_exact);
        CHECK(r.failed_shards == std::vector<unsigned>{3});  // line 3 of the cluster file: the lexicon is line 1
        CHECK(r.total < full.total);
        CHECK(r.total > 0);
        c.start(1);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        SearchResult back = timed("restarted");
        CHECK_FALSE(back.partial);
        CHECK(back.total == full.total);
        CHECK(facets_text(back) == facets_text(full));
    }
    SECTION("stopped (slow): left out after the timeout; answers again when it does") {
        c.signal(2, SIGSTOP);
        SearchResult r = timed("stopped");
        CHECK(r.partial);
        CHECK(r.failed_shards == std::vector<unsigned>{4});
        c.signal(2, SIGCONT);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        SearchResult back = timed("continued");
        back = back.partial ? timed("continued, second try") : back;
        CHECK_FALSE(back.partial);
        CHECK(back.total == full.total);
    }
    SECTION("restarted between two searches: the broken connection is opened again at once") {
        c.kill(0);
        c.start(0);
        SearchResult r = timed("restarted");
        CHECK_FALSE(r.partial);
        CHECK(r.total == full.total);
    }
    SECTION("every shard down: the lexicon alone is not an answer, an error is (503)") {
        for (size_t i = 0; i < 3; ++i) c.kill(i);
        const auto t0 = Clock::now();
        CHECK_THROWS_AS(many.search(req), news::searcher::IndexUnavailable);
        CHECK(std::chrono::duration<double>(Clock::now() - t0).count() < 4 * options.timeout_seconds + 2);
    }
}

TEST_CASE("news-searchd on a cluster answers every request while a shard is killed mid-load", "[cluster]") {
    Cluster c(NEWS_CORPUS_DIR, 3, false);
    Searchd searchd(c.stub, c.dir.path, {"--time-limit", "2"});
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, partial{0}, unavailable{0}, other{0}, slow{0};
    auto load = [&] {
        httplib::Client cl = searchd.client();
        cl.set_read_timeout(10);
        while (!stop) {
            const auto t0 = Clock::now();
            auto res = cl.Get("/api/search?q=Region");
            const double s = std::chrono::duration<double>(Clock::now() - t0).count();
            if (s > 4) ++slow;  // the time limit (2 s) and a margin: a hang, not a speed target
            if (!res) ++other;
            else if (res->status == 200)
                (nlohmann::json::parse(res->body).value("partial", false) ? partial : ok)++;
            else if (res->status == 503) ++unavailable;
            else ++other;
        }
    };
    std::vector<std::thread> clients;
    for (int i = 0; i < 3; ++i) clients.emplace_back(load);
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    c.kill(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    // The page says so in German.
    httplib::Client cl = searchd.client();
    auto page = cl.Get("/?q=Region");
    REQUIRE(page);
    CHECK(page->body.find("Ein Teil des Archivs ist gerade nicht erreichbar") != std::string::npos);
    auto api = cl.Get("/api/search?q=Region");
    REQUIRE(api);
    auto j = nlohmann::json::parse(api->body);
    CHECK(j["partial"] == true);
    CHECK(j["failed_shards"] == nlohmann::json::array({3}));
    CHECK(j["total_exact"] == false);
    CHECK(api->body.find("127.0.0.1:") == std::string::npos);  // no internal address goes public
    auto health = cl.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    auto hj = nlohmann::json::parse(health->body);
    CHECK(hj["status"] == "degraded");
    CHECK(hj["shards"] == 4);
    CHECK(hj["failed_shards"] == nlohmann::json::array({3}));
    c.start(1);
    // Full answers again once the pause before a retry is over.
    bool full = false;
    for (int i = 0; i < 100 && !full; ++i) {
        auto again = cl.Get("/api/search?q=Region");
        full = again && again->status == 200 && nlohmann::json::parse(again->body)["partial"] == false;
        if (!full) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    stop = true;
    for (auto& t : clients) t.join();
    CHECK(full);
    auto healthy = cl.Get("/healthz");
    REQUIRE(healthy);
    CHECK(nlohmann::json::parse(healthy->body)["failed_shards"].empty());
    INFO("ok " << ok << ", partial " << partial << ", 503 " << unavailable << ", other " << other);
    CHECK(other == 0);
    CHECK(slow == 0);
    CHECK(ok > 0);
    CHECK(partial > 0);
}

TEST_CASE("news-search.cgi on a cluster answers and flags a partial answer on the page and in the JSON", "[cluster]") {
    Cluster c(NEWS_CORPUS_DIR, 3, false);
    auto cgi = [&](const std::string& path) {
        const fs::path out = c.dir.path / "cgi.out";
        const int rc = run("env NEWS_DB=" + q(c.stub.string()) + " REQUEST_METHOD=GET QUERY_STRING=q=Region PATH_INFO=" +
                           q(path) + " " + q(bin("news-search.cgi")) + " > " + q(out.string()) + " 2>/dev/null");
        REQUIRE(rc == 0);
        const std::string text = read_file(out);
        const size_t body = text.find("\r\n\r\n");
        REQUIRE(body != std::string::npos);
        return std::make_pair(text.substr(0, body), text.substr(body + 4));
    };
    auto [head, body] = cgi("/api/search");
    CHECK(head.find("Status: 200") != std::string::npos);
    auto j = nlohmann::json::parse(body);
    CHECK(j["partial"] == false);
    CHECK(j["total"].get<int>() > 3);
    const int full = j["total"];
    c.kill(2);
    auto [head2, body2] = cgi("/api/search");
    auto j2 = nlohmann::json::parse(body2);
    CHECK(j2["partial"] == true);
    CHECK(j2["failed_shards"] == nlohmann::json::array({4}));
    CHECK(j2["total"].get<int>() < full);
    auto [head3, page] = cgi("/");
    CHECK(page.find("Ein Teil des Archivs ist gerade nicht erreichbar") != std::string::npos);
}
