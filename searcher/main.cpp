// news-search: query the archive from the command line (archivists, scripts).
#include "schema/schema.hpp"
#include "schema/version.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"
#include "searcher/stats_command.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

namespace {
constexpr int kExitOk = 0, kExitError = 1, kExitUsage = 2;
}

int main(int argc, char** argv) {
    using namespace news::searcher;
    // `news-search stats …` is the statistics report; `news-search -- stats`
    // searches for the word.
    if (argc > 1 && std::string(argv[1]) == "stats") return run_stats_command(argc - 1, argv + 1);
    CLI::App app{"news-search: search the news archive (German words in any inflection, \"phrases\", AND/OR/NOT, "
                 "+/-, titel:/autor:/region:/thema: fields, Fachkr* wildcards, datum:2024-01-01..2024-12-31)"};
    app.footer("news-search stats --help: what readers searched for (a word \"stats\" first: news-search -- stats).\n"
               "Exit codes: 0 success (also with no hits); 1 index unavailable or error; 2 bad usage or query.");
    app.set_version_flag("--version", "news-search " + std::string(news::schema::version()));
    std::vector<std::string> words;
    std::string db = news::schema::default_db_path(), format = "text", sort = "relevance";
    SearchRequest req;
    bool all = false, facets = false, verbose = false, quiet = false;
    app.add_option("query", words, "Query words");
    app.add_option("--db", db, "Database path (default: $NEWS_DB, else var/news.db)");
    app.add_option("--region", req.regions, "Only these regions (repeatable; any of them)");
    app.add_option("--topic", req.topics, "Only these topics (repeatable; any of them)");
    app.add_option("--from", req.from, "Only articles dated on or after YYYY-MM-DD");
    app.add_option("--to", req.to, "Only articles dated on or before YYYY-MM-DD");
    app.add_option("--sort", sort, "relevance, date (newest first) or date-asc")
        ->check(CLI::IsMember({"relevance", "date", "date-asc"}));
    app.add_option("--limit", req.limit, "Hits per page (1-1000)")->check(CLI::Range(1, 1000));
    app.add_option("--offset", req.offset, "Skip this many hits")->check(CLI::Range(0, 100000000));
    app.add_flag("--facets", facets, "Show region/topic/year counts (always in JSON)");
    app.add_option("--format", format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
    app.add_flag("--all", all, "With --format csv: stream every hit, however many");
    app.add_option("--like", req.like, "Articles most like the one with this id (\"more like this\")");
    app.add_flag("--explain", req.explain, "Show why each hit ranks where it does: weight of each term and boost");
    app.add_flag("--recency", req.recency, "Let fresh articles beat old ones of similar relevance");
    bool no_collapse = false;
    app.add_flag("--no-collapse", no_collapse, "Show near-duplicate articles separately");
    bool no_correct = false;
    app.add_flag("--no-correct", no_correct, "With no hits, do not run the spelling-corrected query instead");
    app.add_flag("-v,--verbose", verbose, "Log details");
    app.add_flag("-q,--quiet", quiet, "Log only errors");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    spdlog::set_default_logger(spdlog::stderr_color_mt("news-search"));
    spdlog::set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::warn);
    for (const auto& w : words) req.query += (req.query.empty() ? "" : " ") + w;
    req.sort = parse_sort(sort);
    req.collapse = !no_collapse;
    req.correct = !no_correct;
    req.facets = facets || format == "json";
    if (all && format != "csv") {
        spdlog::error("--all streams CSV: use it with --format csv");
        return kExitUsage;
    }
    try {
        Searcher searcher(db);
        if (format == "csv") {
            write_csv_header(std::cout);
            if (all) {
                searcher.for_each_hit(req, [](const Hit& h) { write_csv_row(std::cout, h); });
            } else {
                req.facets = req.snippets = false;
                for (const Hit& h : searcher.search(req).hits) write_csv_row(std::cout, h);
            }
            return kExitOk;
        }
        SearchResult r = searcher.search(req);
        if (format == "json") std::cout << dump_json(to_json(r), 2) << "\n";
        else write_text(std::cout, r);
        return kExitOk;
    } catch (const QueryError& e) {
        spdlog::error("{}", e.what());
        return kExitUsage;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitError;
    }
}
