// news-searchd: the archive's search page and JSON API over HTTP, for a
// reverse proxy to put on the website.
#include "schema/schema.hpp"
#include "schema/version.hpp"
#include "web/http_server.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace {
constexpr int kExitOk = 0, kExitError = 1, kExitUsage = 2;
}

int main(int argc, char** argv) {
    CLI::App app{"news-searchd: serve the archive's German search page, /api/search, /api/suggest, "
                 "/opensearch.xml and /healthz over HTTP"};
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
    app.add_option("--log-level", log_level, "error, warn, info or debug (debug logs every request)")
        ->capture_default_str()
        ->check(CLI::IsMember({"error", "warn", "info", "debug"}));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
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
