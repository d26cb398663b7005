// news-search.cgi: the same search page and API as news-searchd, as a
// CGI/1.1 program (Apache, lighttpd, nginx with fcgiwrap). The database is
// $NEWS_DB, else var/news.db relative to the working directory;
// $NEWS_PUBLIC_URL is the site's address (https://example.org) for OpenSearch.
// Search statistics: $NEWS_STATS_DB (off when unset), $NEWS_STATS_MIN_COUNT,
// $NEWS_STATS_RETENTION_DAYS (docs/privacy.md); written after the answer has
// gone out (standard output closed), so the reader never waits for them.
#include "schema/schema.hpp"
#include "web/cgi.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace {

unsigned env_number(const char* name, unsigned fallback, unsigned min, unsigned max) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    try {
        unsigned long n = std::stoul(v);
        if (n >= min && n <= max) return static_cast<unsigned>(n);
    } catch (const std::exception&) {
    }
    spdlog::warn("{}={} is not a number from {} to {}: using {}", name, v, min, max, fallback);
    return fallback;
}

}  // namespace

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
        if (const char* db = std::getenv("NEWS_STATS_DB")) settings.stats.db_path = db;
        settings.stats.min_count = env_number("NEWS_STATS_MIN_COUNT", 3, 1, 1000000);
        settings.stats.retention_days = env_number("NEWS_STATS_RETENTION_DAYS", 90, 1, 100000);
        settings.statistik_page = false;  // the editors' page is news-searchd's alone
        news::web::Service service(settings);
        auto env = news::web::CgiEnvironment::from([](const char* name) { return std::getenv(name); });
        if (env.method == "POST") env.body = news::web::read_body(std::cin, env.content_length);
        int rc = news::web::run_cgi(service, env, std::cout);
        // The answer is complete: end it for the web server, then count.
        // /dev/null takes standard output's place, so that no file opened
        // later (the statistics store) gets descriptor 1.
        std::cout.flush();
        if (int null = ::open("/dev/null", O_WRONLY); null >= 0) {
            ::dup2(null, STDOUT_FILENO);
            ::close(null);
        } else {
            ::close(STDOUT_FILENO);
        }
        service.flush_stats();
        return rc;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        std::cout << "Status: 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                     "internal error\n";
        return 1;
    }
}
