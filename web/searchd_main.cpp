// news-searchd: the archive's search page and JSON API over HTTP, for a
// reverse proxy to put on the website.
#include "schema/schema.hpp"
#include "schema/version.hpp"
#include "stats/password.hpp"
#include "web/http_server.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

namespace {
constexpr int kExitOk = 0, kExitError = 1, kExitUsage = 2;

/// `news-searchd --hash-password`: a password from standard input (one
/// line) as the Argon2id hash for --stats-password-file.
int print_password_hash() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.size() < 8) {
        std::cerr << "news-searchd --hash-password: give a password of at least 8 characters on standard input\n";
        return kExitUsage;
    }
    std::cout << news::stats::hash_password(password) << "\n";
    return kExitOk;
}

/// The hash from --stats-password-file (its first line); throws std::invalid_argument.
std::string read_password_hash(const std::string& path) {
    std::ifstream in(path);
    std::string hash;
    if (!in || !std::getline(in, hash)) throw std::invalid_argument("cannot read --stats-password-file " + path);
    while (!hash.empty() && (hash.back() == '\r' || hash.back() == ' ')) hash.pop_back();
    if (!news::stats::is_password_hash(hash))
        throw std::invalid_argument("--stats-password-file " + path +
                                    ": not an Argon2id hash (make one with news-searchd --hash-password)");
    return hash;
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"news-searchd: serve the archive's German search page, /api/search, /api/suggest, "
                 "/opensearch.xml, /healthz and (with statistics) /api/click and /statistik over HTTP"};
    app.footer("Exit codes: 0 stopped by SIGINT/SIGTERM; 1 cannot listen or other error; 2 bad usage.");
    app.set_version_flag("--version", "news-searchd " + std::string(news::schema::version()));
    news::web::ServiceSettings settings;
    settings.db_path = news::schema::default_db_path();
    std::string listen = "127.0.0.1:8080", log_level = "info";
    news::web::HttpSettings http;
    double request_timeout = 5, keep_alive = 5;
    app.add_option("--db", settings.db_path, "Database path (default: $NEWS_DB, else var/news.db)");
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")
        ->capture_default_str();
    app.add_option("--threads", http.threads, "Requests handled at once (search workers)")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    // At least 1: a queue of 0 would answer every request 503.
    app.add_option("--queue", http.queue, "Requests waiting for a worker; more are answered 503 at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    app.add_option("--max-connections", http.max_connections,
                   "Connections open at once; beyond, the one idle the longest is closed")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    app.add_option("--request-timeout", request_timeout, "Seconds from a request's first byte to its end")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 600.0));
    app.add_option("--keep-alive-timeout", keep_alive, "Seconds a connection may wait for its next request")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 600.0));
    app.add_option("--time-limit", settings.time_limit_seconds, "Seconds one search may take (0: none)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 600.0));
    app.add_option("--public-url", settings.public_url, "Public address for /opensearch.xml, e.g. https://example.org (default: the Host header, not cached publicly)");
    const char* env_stats = std::getenv("NEWS_STATS_DB");
    settings.stats.db_path = env_stats ? env_stats : "";
    bool no_stats = false, hash_password = false;
    std::string password_file;
    app.add_option("--stats-db", settings.stats.db_path,
                   "Count searches and clicks in this SQLite file (default: $NEWS_STATS_DB; none: statistics off; "
                   "docs/privacy.md)");
    app.add_flag("--no-stats", no_stats, "Statistics off, even with --stats-db or $NEWS_STATS_DB");
    app.add_option("--stats-min-count", settings.stats.min_count,
                   "A query searched fewer times a day is counted, never stored as text")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    app.add_option("--stats-retention-days", settings.stats.retention_days, "Days of statistics kept")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    app.add_option("--stats-password-file", password_file,
                   "File with the Argon2id hash of the editors' password: /statistik from other hosts (HTTP Basic); "
                   "without it only from the loopback interface");
    app.add_flag("--hash-password", hash_password,
                 "Read a password from standard input, print its hash for --stats-password-file, exit");
    app.add_option("--log-level", log_level, "error, warn, info or debug (debug logs every request)")
        ->capture_default_str()
        ->check(CLI::IsMember({"error", "warn", "info", "debug"}));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    if (hash_password) {
        try {
            return print_password_hash();
        } catch (const std::exception& e) {
            std::cerr << "news-searchd: " << e.what() << "\n";
            return kExitError;
        }
    }
    if (no_stats) settings.stats.db_path.clear();
    settings.stats_flusher = true;
    auto ms = [](double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); };
    http.request_timeout = ms(request_timeout);
    http.keep_alive_timeout = ms(keep_alive);
    // A request that waited in the queue as long as a search may take gets 503.
    http.queue_timeout = settings.time_limit_seconds > 0 ? ms(settings.time_limit_seconds) : ms(30);
    auto log = spdlog::stderr_color_mt("web");
    spdlog::set_default_logger(log);
    spdlog::set_level(spdlog::level::from_str(log_level));
    try {
        auto [host, port] = news::web::parse_listen(listen);
        if (!password_file.empty()) settings.stats_password_hash = read_password_hash(password_file);
        if (settings.stats.enabled())
            log->info("search statistics in {} (min count {}, kept {} days)", settings.stats.db_path,
                      settings.stats.min_count, settings.stats.retention_days);
        news::web::Service service(settings);
        try {
            auto lease = service.pool().lease();
            log->info("index {}: {} documents, built {}", settings.db_path, lease->doccount(), lease->built_at());
        } catch (const std::exception& e) {
            log->warn("{} (serving 503 until the index is there)", e.what());
        }
        news::web::HttpServer server(service, http);
        int bound = server.bind(host, port);
        log->info("news-searchd {} listening on http://{}:{} with {} threads, queue {}, at most {} connections",
                  news::schema::version(), host, bound,
                  http.threads, http.queue, server.settings().max_connections);
        return server.run_until_signal() ? kExitOk : kExitError;
    } catch (const std::invalid_argument& e) {
        log->error("{}", e.what());
        return kExitUsage;
    } catch (const std::exception& e) {
        log->error("{}", e.what());
        return kExitError;
    }
}
