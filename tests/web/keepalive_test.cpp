// Kept-alive connections must answer as fast as fresh ones. The stall this
// guards against: a response written in two pieces (head, then body) waited
// for the client's delayed ACK under Nagle's algorithm, ~40 ms each time.
#include "raw_http.hpp"
#include "web_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace news::webtest;
using namespace std::chrono_literals;

namespace {

const std::string kTarget = "/api/search?q=Metropolregion";  // 8 KB of JSON: more than one segment's worth of head

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// The same request on a new connection each time: the reference.
std::vector<double> on_fresh_connections(int port, int n) {
    std::vector<double> t;
    for (int i = 0; i < n; ++i) {
        RawConnection c(port);
        auto start = std::chrono::steady_clock::now();
        c.send(get_request(kTarget));
        auto r = c.read_response(30s);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        t.push_back(ms_since(start));
    }
    return t;
}

/// `n` requests one after another on one kept-alive connection.
std::vector<double> on_one_connection(int port, int n) {
    RawConnection c(port);
    std::vector<double> t;
    for (int i = 0; i < n; ++i) {
        auto start = std::chrono::steady_clock::now();
        REQUIRE(c.send(get_request(kTarget)));
        auto r = c.read_response(30s);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        t.push_back(ms_since(start));
    }
    return t;
}

/// Requests slower than 10× the fresh-connection median (at least 5 ms).
/// A ratio, so that a slow machine does not fail it; two strays of 120 are
/// allowed for a busy shared machine, the stall hit most requests.
void check_no_stall(const std::vector<double>& kept, const std::vector<double>& fresh, const char* what) {
    const double bound = std::max(10 * median(fresh), 5.0);
    const long slow = std::count_if(kept.begin(), kept.end(), [&](double ms) { return ms > bound; });
    INFO(what << ": median fresh " << median(fresh) << " ms, kept-alive median " << median(kept) << " ms, max "
              << *std::max_element(kept.begin(), kept.end()) << " ms, bound " << bound << " ms");
    CHECK(slow <= 2);
}

}  // namespace

TEST_CASE("kept-alive requests do not stall, on a fresh and on a warmed server", "[web][http][keepalive]") {
    TempDir dir("keepalive");
    fs::path db = dir.path / "news.db";
    index(NEWS_CORPUS_DIR, db);
    Searchd searchd(db, dir.path);
    const int port = searchd.port();
    // Fresh server: its very first connection is the kept-alive one.
    const std::vector<double> first = on_one_connection(port, 120);
    const std::vector<double> fresh = on_fresh_connections(port, 40);
    check_no_stall(first, fresh, "fresh server");
    const std::vector<double> warmed = on_one_connection(port, 120);
    check_no_stall(warmed, fresh, "warmed server");
}

TEST_CASE("pipelined requests are answered in order without a stall", "[web][http][keepalive]") {
    TempDir dir("pipeline");
    fs::path db = dir.path / "news.db";
    index(NEWS_CORPUS_DIR, db);
    Searchd searchd(db, dir.path);
    const int port = searchd.port();
    const std::vector<double> fresh = on_fresh_connections(port, 20);
    const std::vector<std::string> words = {"Metropolregion", "Hamburg", "Wasserstoff", "Region", "Hafen"};
    RawConnection c(port);
    for (int round = 0; round < 5; ++round) {
        std::string burst;
        for (int i = 0; i < 20; ++i) burst += get_request("/api/search?q=" + words[i % words.size()]);
        auto start = std::chrono::steady_clock::now();
        REQUIRE(c.send(burst));
        for (int i = 0; i < 20; ++i) {
            auto r = c.read_response(30s);
            REQUIRE(r);
            CHECK(r->status == 200);
            CHECK(r->body.find("\"query\":\"" + words[i % words.size()] + "\"") != std::string::npos);
        }
        // Twenty answers in at most twenty times the bound of one.
        CHECK(ms_since(start) <= 20 * std::max(10 * median(fresh), 5.0));
    }
}
