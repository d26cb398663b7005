// news-search.cgi: the same search page and API as news-searchd, as a
// CGI/1.1 program (Apache, lighttpd, nginx with fcgiwrap). The database is
// $NEWS_DB, else var/news.db relative to the working directory;
// $NEWS_PUBLIC_URL is the site's address (https://example.org) for OpenSearch.
// Search statistics: $NEWS_STATS_DB (off when unset), $NEWS_STATS_MIN_COUNT,
// $NEWS_STATS_RETENTION_DAYS (docs/privacy.md); written after the answer has
// gone out (standard output closed), so the reader never waits for them.
// $NEWS_LOG_LEVEL: the log's level (warn; debug says e.g. whether the facet
// table was mapped from the index's facet file).
#include "schema/schema.hpp"
#include "schema/version.hpp"
#include "web/cgi.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
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

constexpr const char* kHelp =
    "Usage: news-search.cgi [--help | --version]\n"
    "\n"
    "news-search.cgi: the archive's German search page and JSON API (the same as news-searchd's) as a\n"
    "CGI/1.1 program: a web server (Apache, lighttpd, nginx with fcgiwrap) runs it once per request,\n"
    "with the request in the CGI variables (REQUEST_METHOD, QUERY_STRING, SCRIPT_NAME, PATH_INFO).\n"
    "Routes below SCRIPT_NAME: / (the page), /api/search, /api/suggest, /opensearch.xml, /healthz.\n"
    "\n"
    "Environment:\n"
    "  NEWS_DB          Database path (default: var/news.db, relative to the working directory)\n"
    "  NEWS_PUBLIC_URL  The site's public address for /opensearch.xml, e.g. https://example.org\n"
    "  NEWS_STATS_DB    Search statistics store (SQLite; off when unset; docs/privacy.md)\n"
    "  NEWS_STATS_MIN_COUNT, NEWS_STATS_RETENTION_DAYS  Rare-query threshold (3), retention in days (90)\n"
    "  NEWS_LOG_LEVEL   What goes to the web server's error log: debug, info, warn (default), error, off\n"
    "\n"
    "Options (only when not run by a web server, i.e. without GATEWAY_INTERFACE):\n"
    "  -h,--help        Print this help message and exit\n"
    "  --version        Display program version information and exit\n"
    "\n"
    "Exit codes: 0 a response was written (also an error page); 1 internal error (a 500 was written);\n"
    "2 bad usage.\n";

/// --help and --version for people and help2man. A web server sets
/// GATEWAY_INTERFACE and may pass a query without '=' as arguments
/// (RFC 3875, 4.4): those are never options. Returns an exit code, or -1 to
/// go on as a CGI program.
int command_line(int argc, char** argv) {
    if (argc < 2 || std::getenv("GATEWAY_INTERFACE")) return -1;
    std::string_view arg = argv[1];
    if (argc == 2 && (arg == "--help" || arg == "-h")) {
        std::cout << kHelp;
        return 0;
    }
    if (argc == 2 && arg == "--version") {
        std::cout << "news-search.cgi " << news::schema::version() << "\n";
        return 0;
    }
    std::cerr << "news-search.cgi: unknown argument " << arg << " (--help, --version; a web server runs it "
                 "with the request in CGI variables)\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (int rc = command_line(argc, argv); rc >= 0) return rc;
    // stderr goes to the web server's error log: warnings and errors only.
    spdlog::set_default_logger(spdlog::stderr_logger_st("web"));
    spdlog::set_level(spdlog::level::warn);
    if (const char* level = std::getenv("NEWS_LOG_LEVEL"); level && *level) {
        const auto l = spdlog::level::from_str(level);
        // from_str gives "off" for a name it does not know.
        if (l != spdlog::level::off || std::string_view(level) == "off") spdlog::set_level(l);
        else spdlog::warn("NEWS_LOG_LEVEL={} is not a level (debug, info, warn, error, off): using warn", level);
    }
    std::ios::sync_with_stdio(false);
    try {
        news::web::ServiceSettings settings;
        settings.db_path = news::schema::default_db_path();
        // The site's public address for /opensearch.xml; without it the
        // description follows HTTP_HOST and is not cacheable publicly.
        if (const char* url = std::getenv("NEWS_PUBLIC_URL")) settings.public_url = url;
        if (const char* db = std::getenv("NEWS_STATS_DB")) settings.stats.db_path = db;
        // The store is shared with news-searchd through a group (the package:
        // news-search:www-data, setgid directory): the files this process
        // creates (the store, its -wal and -shm) must be group-writable
        // whatever umask the web server gave it. It creates no other file.
        ::umask(0007);
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
