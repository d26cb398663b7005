#include "indexer/indexer.hpp"

#include "indexer/db_location.hpp"
#include "indexer/errors.hpp"
#include "indexer/index_meta.hpp"
#include "schema/schema.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <xapian.h>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace news::indexer {

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Write every file's documents into `db` (a fresh generation), in file order.
void write_documents(Xapian::WritableDatabase& db, const std::vector<SourceFile>& files, const BuildOptions& options,
                     const ProgressFn& progress, BuildStats& stats) {
    auto last_progress = Clock::now();
    PipelineTimes times;
    stats.read_parse_seconds = run_pipeline(
        files, options.threads, load_analysis(options.analysis), [&](size_t i, FileOutcome& out) {
            auto t0 = Clock::now();
            stats.bytes += out.stamp.size;
            if (!out.error.empty()) {
                spdlog::warn("skipped {}: {}", files[i].path.string(), out.error);
                stats.skipped.push_back({files[i].path.string(), out.error});
                put_file_entry(db, {out.key, out.stamp.size, out.stamp.mtime, out.stamp.hash, 0, out.error});
            } else {
                ++stats.files_indexed;
                for (BuiltDocument& d : out.docs) {
                    db.replace_document(d.id_term, d.doc);
                    for (const std::string& w : d.spelling) db.add_spelling(w);
                    ++stats.articles;
                }
                put_file_entry(db, {out.key, out.stamp.size, out.stamp.mtime, out.stamp.hash,
                                    static_cast<unsigned>(out.docs.size()), ""});
            }
            stats.write_seconds += since(t0);
            if (progress && since(last_progress) > 0.2) {
                progress(i + 1, files.size(), stats.articles);
                last_progress = Clock::now();
            }
        },
        &times);
    stats.analyse_seconds = times.analyse;
    if (progress) progress(files.size(), files.size(), stats.articles);
}

/// Schema, analysis, time, sources and a summary of this build.
void write_build_metadata(Xapian::WritableDatabase& db, const BuildOptions& options, const BuildStats& stats) {
    std::string at = now_iso();
    nlohmann::json summary = {{"at", at},
                              {"files", stats.files},
                              {"files_indexed", stats.files_indexed},
                              {"articles", stats.articles},
                              {"skipped", stats.skipped.size()}};
    db.set_metadata(std::string(schema::kMetaSchemaVersion), schema::schema_version());
    db.set_metadata(std::string(schema::kMetaAnalysis), std::string(schema::to_string(options.analysis)));
    db.set_metadata(std::string(schema::kMetaBuiltAt), at);
    db.set_metadata(std::string(schema::kMetaSources), join_sources(options.sources));
    db.set_metadata(std::string(kMetaLastBuild), summary.dump());
    db.set_metadata(std::string(kMetaFileEntries), "1");
}

}  // namespace

BuildStats build(const BuildOptions& options, const ProgressFn& progress) {
    DbLocation location(options.db);
    WriterLock lock = location.lock_for_writing();
    return build_locked(options, progress);
}

BuildStats build_locked(const BuildOptions& options, const ProgressFn& progress) {
    const auto start = Clock::now();
    BuildStats stats;
    DbLocation location(options.db);
    location.remove_abandoned();

    std::vector<SourceFile> files = scan_sources(options.sources);
    stats.files = files.size();
    spdlog::info("found {} files to index in {} source(s)", files.size(), options.sources.size());

    fs::path gen = location.create_generation();
    stats.generation = gen.string();
    spdlog::info("writing new generation {}", gen.filename().string());
    auto discard = [&](Xapian::WritableDatabase& db) {
        try {
            db.close();
        } catch (const Xapian::Error&) {
        }
        std::error_code ec;
        fs::remove_all(gen, ec);  // the live index was never touched
    };
    Xapian::WritableDatabase db;
    try {
        db = Xapian::WritableDatabase(gen.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        write_documents(db, files, options, progress, stats);
        if (stats.articles == 0)
            throw IndexError("nothing indexed (" + std::to_string(stats.files) + " files found, " +
                             std::to_string(stats.skipped.size()) + " skipped): live index left untouched");
        write_build_metadata(db, options, stats);
        auto t0 = Clock::now();
        spdlog::info("committing {} documents", stats.articles);
        db.commit();
        stats.doccount = db.get_doccount();
        db.close();
        stats.commit_seconds = since(t0);
    } catch (const Xapian::Error& e) {
        discard(db);
        throw IndexError("cannot write database " + gen.string() + ": " + e.get_description() +
                         " (live index untouched)");
    } catch (...) {
        discard(db);
        throw;
    }

    auto t0 = Clock::now();
    try {
        location.switch_to(gen);
    } catch (...) {
        discard(db);
        throw;
    }
    size_t pruned = location.prune(options.keep_generations);
    stats.commit_seconds += since(t0);
    spdlog::info("switched {} to {} ({} documents), removed {} old generation(s)", location.stub().string(),
                 gen.filename().string(), stats.doccount, pruned);
    stats.seconds = since(start);
    return stats;
}

}  // namespace news::indexer
