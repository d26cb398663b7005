#include "web/api.hpp"

#include "schema/version.hpp"
#include "web/assets.hpp"
#include "web/service.hpp"

#include <catch2/catch.hpp>

using namespace news::web;

TEST_CASE("errors and suggestions are JSON", "[web][api]") {
    auto e = error_json(400, "'size' out of range", "size");
    CHECK(e.dump() == R"({"error":"'size' out of range","status":400,"parameter":"size"})");
    CHECK(error_json(503, "index unavailable").dump() == R"({"error":"index unavailable","status":503})");
    CHECK(suggest_json("Fachkr", {"Fachkräfte"}, false).dump() ==
          R"({"query":"Fachkr","suggestions":["Fachkräfte"]})");
    CHECK(suggest_json("Fachkr", {"Fachkräfte"}, true).dump() == R"(["Fachkr",["Fachkräfte"]])");
    // JSON escapes what would break out of a string.
    CHECK(suggest_json("\"</script>", {}, false).dump() == R"({"query":"\"</script>","suggestions":[]})");
}

TEST_CASE("the OpenSearch description points at the page and the API", "[web][api]") {
    std::string xml = opensearch_xml("http://archiv.example:8080", "");
    CHECK(xml.find("<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">") != std::string::npos);
    CHECK(xml.find("template=\"http://archiv.example:8080/?q={searchTerms}&amp;page={startPage?}\"") !=
          std::string::npos);
    CHECK(xml.find("http://archiv.example:8080/api/suggest?format=opensearch&amp;q={searchTerms}") !=
          std::string::npos);
    std::string cgi = opensearch_xml("https://x.example", "/cgi-bin/s.cgi");
    CHECK(cgi.find("template=\"https://x.example/cgi-bin/s.cgi?q={searchTerms}") != std::string::npos);
    CHECK(opensearch_xml("http://a\"<b", "").find("a&quot;&lt;b") != std::string::npos);
}

TEST_CASE("static assets are embedded and looked up by exact name", "[web][api]") {
    std::string_view content, type;
    REQUIRE(assets::find("site.css", content, type));
    CHECK(type == "text/css; charset=utf-8");
    CHECK(content.find("mark") != std::string_view::npos);
    REQUIRE(assets::find("suggest.js", content, type));
    CHECK(content.find("data-suggest") != std::string_view::npos);  // the URL comes from the page (CGI base)
    for (const char* bad : {"", "../site.css", "site.css/", "/etc/passwd", "..", "SITE.CSS", "opensearch.xml"})
        CHECK_FALSE(assets::find(bad, content, type));
}

TEST_CASE("routes that need no index answer without one", "[web][api][service]") {
    ServiceSettings settings;
    settings.db_path = "/nonexistent/news.db";
    Service service(settings);
    SECTION("start page") {
        Response r = service.handle({});
        CHECK(r.status == 200);
        CHECK(r.content_type == "text/html; charset=utf-8");
    }
    SECTION("static file and no path outside it") {
        Request req;
        req.path = "/static/site.css";
        CHECK(service.handle(req).status == 200);
        for (const char* path : {"/static/../../etc/passwd", "/../../etc/passwd", "/etc/passwd", "/static/",
                                 "/api/", "/web/assets/site.css"}) {
            req.path = path;
            Response r = service.handle(req);
            INFO(path);
            CHECK(r.status == 404);
            CHECK(r.body.find("root:") == std::string::npos);
        }
    }
    SECTION("bad parameters are 400 before the index is touched") {
        Request req;
        req.path = "/api/search";
        req.query = "q=a&sort=nonsense";
        Response r = service.handle(req);
        CHECK(r.status == 400);
        CHECK(r.body.find("\"parameter\":\"sort\"") != std::string::npos);
    }
    SECTION("searches are 503 without an index") {
        Request req;
        req.path = "/api/search";
        req.query = "q=Hafen";
        CHECK(service.handle(req).status == 503);
        req.path = "/healthz";
        Response health = service.handle(req);
        CHECK(health.status == 503);
        CHECK(health.body.find("\"version\":\"" + std::string(news::schema::version()) + "\"") != std::string::npos);
        req.path = "/";
        Response page = service.handle(req);
        CHECK(page.status == 503);
        CHECK(page.body.find("nicht erreichbar") != std::string::npos);
        CHECK(page.body.find("/nonexistent") == std::string::npos);  // no paths shown to the public
    }
    SECTION("only GET and HEAD") {
        Request req;
        req.method = "POST";
        Response r = service.handle(req);
        CHECK(r.status == 405);
    }
}
