// news-index: builds the archive's search index and shows how a file is read.
#include "indexer/errors.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/indexer.hpp"
#include "indexer/progress_bar.hpp"
#include "indexer/xml_reader.hpp"
#include "schema/analysis.hpp"
#include "schema/schema.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <unistd.h>

namespace {

constexpr int kExitOk = 0, kExitError = 1, kExitUsage = 2, kExitSkipped = 3, kExitLocked = 4;

constexpr const char* kExitCodes =
    "Exit codes: 0 success; 1 error (nothing changed); 2 bad usage; "
    "3 done, but some files were skipped (see summary); 4 another run holds the database lock.";

void print_summary(const news::indexer::BuildStats& s, const std::string& db, bool json) {
    double rate = s.seconds > 0 ? static_cast<double>(s.articles) / s.seconds : 0;
    if (json) {
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto& k : s.skipped) skipped.push_back({{"file", k.file}, {"reason", k.reason}});
        nlohmann::json out = {{"db", db}, {"generation", s.generation}, {"files", s.files},
                              {"files_indexed", s.files_indexed}, {"articles", s.articles}, {"indexed", s.articles},
                              {"skipped", s.skipped.size()}, {"skipped_files", skipped}, {"documents", s.doccount},
                              {"bytes", s.bytes}, {"seconds", s.seconds}, {"docs_per_second", rate},
                              {"timings", {{"read_parse_cpu", s.read_parse_seconds}, {"write", s.write_seconds},
                                           {"commit_switch", s.commit_seconds}}}};
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return;
    }
    std::printf("Indexed %zu articles from %zu of %zu files in %.2f s (%.0f articles/s, %.1f MB read).\n", s.articles,
                s.files_indexed, s.files, s.seconds, rate, static_cast<double>(s.bytes) / 1e6);
    std::printf("Time: read+parse+analyse %.2f s (all threads), write %.2f s, commit+switch %.2f s.\n",
                s.read_parse_seconds, s.write_seconds, s.commit_seconds);
    if (!s.skipped.empty()) {
        std::printf("Skipped %zu file(s):\n", s.skipped.size());
        for (const auto& k : s.skipped) std::printf("  %s: %s\n", k.file.c_str(), k.reason.c_str());
    }
    std::printf("Database %s now has %llu documents (%s).\n", db.c_str(), static_cast<unsigned long long>(s.doccount),
                s.generation.c_str());
}

int inspect(const std::string& file, bool json) {
    auto fr = news::indexer::read_article_file(file, std::filesystem::path(file).generic_string());
    if (!fr.result.ok()) {
        spdlog::error("{} would be skipped: {}", file, fr.result.error);
        return kExitSkipped;
    }
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& a : fr.result.articles) out.push_back(news::indexer::to_json(a));
        const nlohmann::json& doc = out.size() == 1 ? out[0] : out;
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    for (const auto& a : fr.result.articles) {
        std::cout << "ID:      " << a.id << "\nURL:     " << a.url << "\nTitle:   " << a.title
                  << "\nDate:    " << a.date << "\nAuthor:  " << a.author << "\nRegions: ";
        for (const auto& r : a.regions) std::cout << r << "; ";
        std::cout << "\nTopics:  ";
        for (const auto& t : a.topics) std::cout << t << "; ";
        std::cout << "\nLead:    " << a.lead << "\n\n" << a.body << "\n\n";
    }
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"news-index: index the news archive's HTML and XML articles into Xapian"};
    app.footer(kExitCodes);
    app.require_subcommand(1);
    std::string db = news::schema::default_db_path(), format = "text";
    bool verbose = false, quiet = false;
    // Common options: accepted before or after the subcommand.
    app.fallthrough();
    app.add_option("--db", db, "Database path (default: $NEWS_DB, else var/news.db)");
    app.add_option("--format", format, "Output: text (for people) or json (for programs)")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_flag("-v,--verbose", verbose, "Log details (debug level)");
    app.add_flag("-q,--quiet", quiet, "Log only errors, no progress bar");

    news::indexer::BuildOptions opt;
    auto* build = app.add_subcommand("build", "Rebuild the index from the sources and switch to it atomically");
    build->add_option("-s,--source", opt.sources, "Directory (or file) to index; repeatable")->required();
    build->add_option("-j,--threads", opt.threads, "Parsing threads (default: one per core)");
    build->add_option("--keep", opt.keep_generations, "Index generations kept after the switch")
        ->check(CLI::Range(1, 100));
    std::string analysis = "full";
    build->add_option("--analysis", analysis,
                      "German analysis: full (compounds, gender forms, synonyms) or basic (stemming only)")
        ->check(CLI::IsMember({"full", "basic"}));

    std::string file;
    auto* insp = app.add_subcommand("inspect", "Print a file's article(s) exactly as they would be indexed");
    insp->add_option("file", file, "HTML or XML file")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    auto logger = spdlog::stderr_color_mt("news-index");
    spdlog::set_default_logger(logger);
    spdlog::set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::info);
    news::indexer::install_safe_xml_loader();

    try {
        if (*insp) return inspect(file, format == "json");
        opt.db = db;
        opt.analysis = news::schema::parse_profile(analysis);
        news::indexer::ProgressBar bar(!quiet && format == "text" && ::isatty(STDERR_FILENO));
        auto stats = news::indexer::build(opt, [&](size_t d, size_t t, size_t a) { bar.update(d, t, a); });
        bar.finish();
        print_summary(stats, db, format == "json");
        return stats.skipped.empty() ? kExitOk : kExitSkipped;
    } catch (const news::indexer::LockedError& e) {
        spdlog::error("{}", e.what());
        return kExitLocked;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitError;
    }
}
