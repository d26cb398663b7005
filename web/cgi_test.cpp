#include "web/cgi.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

using namespace news::web;

TEST_CASE("a CGI environment becomes a service request", "[web][cgi]") {
    std::map<std::string, std::string> vars = {
        {"REQUEST_METHOD", "GET"},          {"QUERY_STRING", "q=Hafen&page=2"},
        {"PATH_INFO", "/api/search"},       {"SCRIPT_NAME", "/cgi-bin/news-search.cgi"},
        {"SERVER_NAME", "archiv.example"}, {"SERVER_PORT", "8081"},
    };
    auto getenv = [&](const char* name) -> const char* {
        auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    };
    Request r = to_request(CgiEnvironment::from(getenv));
    CHECK(r.method == "GET");
    CHECK(r.path == "/api/search");
    CHECK(r.query == "q=Hafen&page=2");
    CHECK(r.base == "/cgi-bin/news-search.cgi");
    CHECK(r.origin == "http://archiv.example:8081");

    vars.erase("PATH_INFO");
    vars["HTTP_HOST"] = "evil\"><x";
    vars["HTTPS"] = "on";
    r = to_request(CgiEnvironment::from(getenv));
    CHECK(r.path == "/");
    CHECK(r.origin.empty());  // not a plain host name: not echoed
}

TEST_CASE("a CGI response is Status, headers, blank line, body", "[web][cgi]") {
    Response res;
    res.status = 400;
    res.content_type = "application/json; charset=utf-8";
    res.body = "{\"error\":\"x\"}";
    res.headers.emplace_back("Cache-Control", "no-cache");
    std::ostringstream out;
    write_cgi_response(out, res, false);
    CHECK(out.str() ==
          "Status: 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-cache\r\n"
          "Content-Length: 13\r\n\r\n{\"error\":\"x\"}");
    std::ostringstream head;
    write_cgi_response(head, res, true);
    CHECK(head.str().substr(head.str().size() - 4) == "\r\n\r\n");
}
