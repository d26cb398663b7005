// news-index: builds and updates the archive's search index, reports its
// status, and shows how a file is read.
#include "indexer/errors.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/html_extractor.hpp"
#include "indexer/log_file.hpp"
#include "indexer/progress_bar.hpp"
#include "indexer/report.hpp"
#include "indexer/status.hpp"
#include "indexer/updater.hpp"
#include "indexer/xml_reader.hpp"
#include "schema/analysis.hpp"
#include "schema/schema.hpp"
#include "schema/shard.hpp"
#include "schema/version.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <unistd.h>

namespace {

constexpr int kExitOk = 0, kExitError = 1, kExitUsage = 2, kExitSkipped = 3, kExitLocked = 4;

constexpr const char* kExitCodes =
    "Exit codes: 0 success; 1 error, the live index is left as it was (status: no usable index); "
    "2 bad usage; 3 done, but some files were skipped (see the summary); "
    "4 another build or update holds the database's lock (nothing done, try later).";

}  // namespace

int main(int argc, char** argv) {
    using namespace news::indexer;
    CLI::App app{"news-index: index the news archive's HTML and XML articles into Xapian"};
    app.footer(kExitCodes);
    app.set_version_flag("--version", "news-index " + std::string(news::schema::version()));
    app.require_subcommand(1);
    std::string db = news::schema::default_db_path(), format = "text", log_file;
    bool verbose = false, quiet = false;
    // Common options: accepted before or after the subcommand.
    app.fallthrough();
    app.add_option("--db", db, "Database path (default: $NEWS_DB, else var/news.db)");
    app.add_option("--format", format, "Output: text (for people) or json (for programs)")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_flag("-v,--verbose", verbose, "Log details (debug level)");
    app.add_flag("-q,--quiet", quiet, "Log only errors, no progress bar");
    app.add_option("--log-file", log_file, "Append the log to this file (logrotate: create or copytruncate)");

    BuildOptions opt;
    std::string analysis = "full";
    auto* build = app.add_subcommand("build", "Rebuild the index from the sources and switch to it atomically");
    auto* update = app.add_subcommand("update", "Add new, re-index changed, delete gone files in the live index");
    for (auto* cmd : {build, update}) {
        cmd->add_option("-s,--source", opt.sources, "Directory (or file) to index; repeatable")->required();
        cmd->add_option("-j,--threads", opt.threads,
                        "Threads (build: one slice of the files each; default: one per core)")
            ->check(CLI::Range(1u, kMaxThreads));
        cmd->add_option("--keep", opt.keep_generations, "Index generations kept after a switch (default 2)")
            ->check(CLI::Range(1, 100));
    }
    // Common too, so that one setting (NEWS_INDEX_OPTIONS) serves the
    // nightly build and the updates alike.
    unsigned shards = 0;
    app.add_option("--shards", shards,
                   "build: spread the articles over N shard databases plus a lexicon (default 1: one database); "
                   "update: the shards the index must have (default: as it has; another number makes a full build)")
        ->check(CLI::Range(1u, news::schema::kMaxShards));
    build->add_option("--analysis", analysis,
                      "German analysis: full (compounds, gender forms, synonyms) or basic (stemming only)")
        ->check(CLI::IsMember({"full", "basic"}));
    auto* status = app.add_subcommand("status", "Documents, generation, build and update times, size on disk");
    std::string file;
    auto* insp = app.add_subcommand("inspect", "Print a file's article(s) exactly as they would be indexed");
    insp->add_option("file", file, "HTML or XML file")->required();
    bool extraction = false;
    insp->add_flag("--details,--extraction", extraction,
                   "JSON with an 'extraction' object: the element taken as the article, why, the dropped blocks");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    const bool json = format == "json";
    try {
        install_logger("news-index", log_file,
                       quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::info);
        install_safe_xml_loader();
        if (*insp) {
            auto fr = read_article_file(file, std::filesystem::path(file).generic_string());
            if (!fr.result.ok()) spdlog::error("{} would be skipped: {}", file, fr.result.error);
            if (extraction)
                std::cout << inspect_with_extraction(file, fr.result)
                                 .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                          << "\n";
            if (!fr.result.ok()) return kExitSkipped;
            if (!extraction) print_articles(std::cout, fr.result.articles, json);
            return kExitOk;
        }
        if (*status) {
            IndexStatus s = read_status(db);
            print_status(std::cout, s, json);
            return s.ok ? kExitOk : kExitError;
        }
        opt.db = db;
        opt.analysis = news::schema::parse_profile(analysis);
        ProgressBar bar(!quiet && !json && ::isatty(STDERR_FILENO));
        auto progress = [&](size_t d, size_t t, size_t a) { bar.update(d, t, a); };
        if (*update) {
            UpdateOptions u{opt.sources, opt.db, opt.threads, opt.keep_generations, opt.analysis, shards};
            UpdateStats stats = news::indexer::update(u, progress);
            bar.finish();
            print_update(std::cout, stats, db, json);
            return stats.skipped.empty() ? kExitOk : kExitSkipped;
        }
        opt.shards = std::max(1u, shards);
        BuildStats stats = news::indexer::build(opt, progress);
        bar.finish();
        print_build(std::cout, stats, db, json);
        return stats.skipped.empty() ? kExitOk : kExitSkipped;
    } catch (const LockedError& e) {
        spdlog::error("{}", e.what());
        return kExitLocked;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitError;
    }
}
