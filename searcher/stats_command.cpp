#include "searcher/stats_command.hpp"

#include "schema/schema.hpp"
#include "searcher/searcher.hpp"
#include "stats/report.hpp"
#include "stats/zero_hits.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace news::searcher {

namespace {
constexpr int kExitOk = 0, kExitError = 1, kExitUsage = 2;
}

int run_stats_command(int argc, char** argv) {
    CLI::App app{"news-search stats: what readers searched for (top searches, searches without hits, searches "
                 "whose hits nobody clicked, click-through by rank, searches per day)"};
    app.name("news-search stats");
    app.footer("Queries searched fewer than the minimum count a day are never stored as text and appear only in "
               "the totals (docs/privacy.md).\nExit codes: 0 success; 1 store or index unavailable; 2 bad usage.");
    const char* env_db = std::getenv("NEWS_STATS_DB");
    std::string stats_db = env_db ? env_db : "", format = "text", db = schema::default_db_path();
    std::string to = stats::today(), from;
    unsigned limit = 20;
    bool suggestions = false, verbose = false, quiet = false;
    app.add_option("--stats-db", stats_db, "Statistics store (default: $NEWS_STATS_DB)");
    app.add_option("--from", from, "First day YYYY-MM-DD (default: 29 days before --to)");
    app.add_option("--to", to, "Last day YYYY-MM-DD (default: today)");
    app.add_option("--format", format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
    app.add_option("--limit", limit, "Rows per table")->capture_default_str()->check(CLI::Range(1, 10000));
    app.add_flag("--zero-hit-suggestions", suggestions,
                 "For each search without hits: would the spelling suggestion or a synonym have found articles "
                 "(searches the index of --db)");
    app.add_option("--db", db, "Index for --zero-hit-suggestions (default: $NEWS_DB, else var/news.db)");
    app.add_flag("-v,--verbose", verbose, "Log details");
    app.add_flag("-q,--quiet", quiet, "Log only errors");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    spdlog::set_default_logger(spdlog::stderr_color_mt("news-search"));
    spdlog::set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::warn);
    if (stats_db.empty()) {
        spdlog::error("no statistics store: give --stats-db PATH or set NEWS_STATS_DB");
        return kExitUsage;
    }
    if (!stats::is_day(to) || (!from.empty() && !stats::is_day(from))) {
        spdlog::error("--from and --to want a day as YYYY-MM-DD");
        return kExitUsage;
    }
    if (from.empty()) from = stats::add_days(to, -29);
    if (from > to) {
        spdlog::error("--from {} is after --to {}", from, to);
        return kExitUsage;
    }
    if (!std::filesystem::exists(stats_db)) {
        spdlog::error("statistics store {} does not exist (nothing counted yet, or statistics off)", stats_db);
        return kExitError;
    }
    try {
        stats::Store store({stats_db}, stats::Store::Mode::READ);
        stats::Report report = stats::make_report(store, from, to, limit);
        if (suggestions) {
            Searcher searcher(db);
            stats::add_zero_hit_help(report, searcher);
        }
        if (format == "json") std::cout << stats::to_json(report).dump(2) << "\n";
        else if (format == "csv") stats::write_csv(std::cout, report);
        else stats::write_text(std::cout, report);
        return kExitOk;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitError;
    }
}

}  // namespace news::searcher
