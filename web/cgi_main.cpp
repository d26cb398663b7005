// news-search.cgi: the same search page and API as news-searchd, as a
// CGI/1.1 program (Apache, lighttpd, nginx with fcgiwrap). The database is
// $NEWS_DB, else var/news.db relative to the working directory;
// $NEWS_PUBLIC_URL is the site's address (https://example.org) for OpenSearch.
#include "schema/schema.hpp"
#include "web/cgi.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

int main() {
    // stderr goes to the web server's error log: warnings and errors only.
    spdlog::set_default_logger(spdlog::stderr_logger_st("web"));
    spdlog::set_level(spdlog::level::warn);
    std::ios::sync_with_stdio(false);
    try {
        news::web::ServiceSettings settings;
        settings.db_path = news::schema::default_db_path();
        // The site's public address for /opensearch.xml; without it the
        // description follows HTTP_HOST and is not cacheable publicly.
        if (const char* url = std::getenv("NEWS_PUBLIC_URL")) settings.public_url = url;
        news::web::Service service(settings);
        auto env = news::web::CgiEnvironment::from([](const char* name) { return std::getenv(name); });
        return news::web::run_cgi(service, env, std::cout);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        std::cout << "Status: 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                     "internal error\n";
        return 1;
    }
}
