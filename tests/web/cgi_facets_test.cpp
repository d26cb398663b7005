// news-search.cgi run directly (one process per request, as a web server
// runs it) on corpus/: it maps the facet file the build wrote, and its
// counts equal those it reads from the value streams when the file is
// missing, stale or corrupt.
#include "web_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

using namespace news::webtest;
using nlohmann::json;

namespace {

struct CgiAnswer {
    std::string out;  ///< what the CGI wrote: headers, body, and its log (debug)
    json body;
};

/// One CGI request for `query` below /api/search, with the debug log.
CgiAnswer cgi(const fs::path& db, const fs::path& dir, const std::string& query) {
    const fs::path log = dir / "cgi.out";
    fs::remove(log);
    {
        Process p({bin("news-search.cgi")}, log,
                  {{"NEWS_DB", db.string()}, {"NEWS_LOG_LEVEL", "debug"}, {"GATEWAY_INTERFACE", "CGI/1.1"},
                   {"REQUEST_METHOD", "GET"}, {"PATH_INFO", "/api/search"}, {"QUERY_STRING", query},
                   {"SCRIPT_NAME", "/cgi-bin/news-search.cgi"}});
        for (int i = 0; i < 600 && p.running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CgiAnswer a;
    a.out = read_file(log);
    // The log (standard error) comes before the answer, which is written at once.
    const size_t status = a.out.find("Status: ");
    const size_t length = a.out.find("Content-Length: ", status == std::string::npos ? 0 : status);
    const size_t start = a.out.find("\r\n\r\n", length == std::string::npos ? 0 : length);
    if (status != std::string::npos && length != std::string::npos && start != std::string::npos)
        a.body = json::parse(a.out.substr(start + 4, std::stoul(a.out.substr(length + 16))), nullptr, false);
    a.out = status == std::string::npos ? a.out : a.out.substr(0, status) + "\n" + a.out.substr(status);
    return a;
}

/// What a search counts: totals and facets (not the hits' order or timing).
json counts(const json& body) {
    json out;
    for (const char* key : {"total", "facets"})
        if (body.is_object() && body.contains(key)) out[key] = body[key];
    return out;
}

const std::vector<std::string> kQueries = {"q=Metropolregion",         "q=Hamburg+Hafen",
                                           "q=%22Metropolregion+Hamburg%22", "q=Metro*",
                                           "region=Hamburg",           "q=Metropolregion&from=2020-01-01&to=2030-12-31",
                                           "q=Metropolregoin",         "q=Wirtschaft&region=Nordwest&size=50"};

void flip_byte(const fs::path& file, long at) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(at, std::ios::end);
    const std::streampos pos = f.tellg();
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x10);
    f.seekp(pos);
    f.write(&c, 1);
}

}  // namespace

TEST_CASE("CGI: answers from the mapped facet file, with the counts of the value streams", "[web][cgi][facet_file]") {
    TempDir dir("cgi_facets");
    const fs::path db = dir.path / "news.db";
    index(NEWS_CORPUS_DIR, db);
    fs::path gen;
    for (const auto& e : fs::directory_iterator(db.string() + ".gen"))
        if (e.path().filename().string().rfind('g', 0) == 0) gen = e.path();
    const fs::path file = gen / "news-facets";
    REQUIRE(fs::exists(file));

    std::vector<json> mapped;
    for (const std::string& query : kQueries) {
        CAPTURE(query);
        CgiAnswer a = cgi(db, dir.path, query);
        CHECK(a.out.find("Status: 200") != std::string::npos);
        CHECK(a.out.find("facet table mapped from") != std::string::npos);
        REQUIRE(a.body.is_object());
        mapped.push_back(counts(a.body));
    }
    CHECK(mapped[0]["total"].get<int>() > 0);
    CHECK_FALSE(mapped[0]["facets"]["region"].empty());

    auto same_counts_read = [&](const std::string& why) {
        for (size_t i = 0; i < kQueries.size(); ++i) {
            CAPTURE(why, kQueries[i]);
            CgiAnswer a = cgi(db, dir.path, kQueries[i]);
            CHECK(a.out.find("not used") != std::string::npos);
            CHECK(a.out.find("facet table read from the value streams") != std::string::npos);
            CHECK(counts(a.body) == mapped[i]);
        }
    };
    const fs::path saved = dir.path / "saved-facets";
    fs::copy_file(file, saved);
    flip_byte(file, -5);
    same_counts_read("a corrupt file");
    fs::resize_file(file, fs::file_size(file) / 2);
    same_counts_read("a truncated file");
    fs::remove(file);
    same_counts_read("no file");

    // A file of another revision of this index (after an update it is
    // written anew; here the database changes behind the file's back).
    fs::copy_file(saved, file);
    CHECK(cgi(db, dir.path, kQueries[0]).out.find("facet table mapped from") != std::string::npos);
    {
        Xapian::WritableDatabase w(gen.string());
        w.set_metadata("news:test", "changed");
        w.commit();
    }
    same_counts_read("a stale file");
}
