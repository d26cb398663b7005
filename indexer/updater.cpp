#include "indexer/updater.hpp"

#include "indexer/db_location.hpp"
#include "indexer/errors.hpp"
#include "indexer/stored_article.hpp"
#include "indexer/index_meta.hpp"
#include "schema/umlaut_stem.hpp"
#include "schema/schema.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <sys/stat.h>

#include <optional>
#include <unordered_set>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace news::indexer {

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Why the live index cannot be updated in place ("" when it can).
std::string reason_to_build(const DbLocation& location, const fs::path& gen) {
    std::error_code ec;
    if (!fs::exists(location.stub(), ec)) return "no index at " + location.stub().string() + " yet";
    if (gen.empty() || !fs::is_directory(gen, ec)) return "the index's generation " + gen.string() + " is missing";
    try {
        Xapian::Database db(gen.string());
        std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
        if (version != schema::schema_version())
            return "the index was built with schema '" + version + "', this is '" + schema::schema_version() + "'";
        schema::parse_profile(db.get_metadata(std::string(schema::kMetaAnalysis)));
        if (db.get_metadata(std::string(kMetaFileEntries)) != "1")
            return "the index has no per-file entries (built by an older news-index)";
    } catch (const Xapian::Error& e) {
        return "the index cannot be opened (" + e.get_description() + ")";
    } catch (const std::invalid_argument&) {
        return "the index does not say which analysis it was built with";
    }
    return "";
}

UpdateStats stats_of_build(const BuildStats& b, std::string reason) {
    UpdateStats s;
    s.rebuilt = true;
    s.rebuild_reason = std::move(reason);
    s.files = b.files;
    s.added = b.files_indexed;
    for (const SkippedFile& k : b.skipped) s.skipped.push_back(k);
    s.documents_added = b.articles;
    s.doccount = b.doccount;
    s.generation = b.generation;
    s.read_parse_seconds = b.read_parse_seconds;
    s.commit_seconds = b.commit_seconds;
    s.seconds = b.seconds;
    return s;
}

/// The update proper, inside one transaction on an open database.
class Updater {
  public:
    Updater(Xapian::WritableDatabase& db, UpdateStats& stats) : m_db(db), m_stats(stats) {}

    /// The analysis the index was built with (word lists loaded on first use:
    /// an update with nothing to read does not need them).
    const Analysis& analysis() {
        if (!m_analysis) {
            m_analysis = load_analysis(schema::parse_profile(m_db.get_metadata(std::string(schema::kMetaAnalysis))));
            m_analysis->folds = schema::UmlautFolds::parse(m_db.get_metadata(std::string(schema::kMetaUmlautFolds)));
            m_old_builder.emplace(m_analysis->profile, m_analysis->compounds, m_analysis->folds);
        }
        return *m_analysis;
    }

    /// Compare the sources with the index: the files to read, and counts.
    std::vector<SourceFile> plan(const std::vector<SourceFile>& files) {
        m_entries = read_file_entries(m_db);
        std::vector<SourceFile> todo;
        for (const SourceFile& f : files) {
            const std::filesystem::path path = f.path();
            std::string key = source_key(path);
            if (!m_seen.insert(key).second) continue;  // the same file below two sources
            struct stat st {};
            auto e = m_entries.find(key);
            if (e != m_entries.end() && ::stat(path.c_str(), &st) == 0 &&
                static_cast<std::uintmax_t>(st.st_size) == e->second.size && st.st_mtime == e->second.mtime) {
                ++m_stats.unchanged;  // (an unchanged bad file is not read again either)
                continue;
            }
            todo.push_back(f);
        }
        return todo;
    }

    /// Handle one file read by the pipeline.
    void apply(const FileOutcome& out) {
        const std::string term = source_term(out.key);
        auto e = m_entries.find(out.key);
        const FileEntry* old = e != m_entries.end() ? &e->second : nullptr;
        FileEntry now{out.key, out.stamp.size, out.stamp.mtime, out.stamp.hash,
                      static_cast<unsigned>(out.docs.size()), out.error};
        if (!out.error.empty()) {
            spdlog::warn("skipped {}: {}", out.key, out.error);
            m_stats.skipped.push_back({out.key, out.error});
            now.documents = 0;
            remove_file(term);  // a rebuild would not have it either
            put_file_entry(m_db, now);
            return;
        }
        if (old && old->reason.empty() && !old->hash.empty() && old->hash == now.hash &&
            old->documents == now.documents) {
            put_file_entry(m_db, now);  // touched, not changed: keep the documents
            ++m_stats.unchanged;
            return;
        }
        remove_file(term);
        ++(old ? m_stats.changed : m_stats.added);
        for (const BuiltDocument& d : out.docs) {
            m_db.replace_document(d.id_term, d.doc);
            for (const std::string& w : d.spelling) m_db.add_spelling(w);
            ++m_stats.documents_added;
        }
        put_file_entry(m_db, now);
    }

    /// Delete what belongs to files no longer found.
    void remove_gone() {
        for (const auto& [key, entry] : m_entries) {
            if (m_seen.count(key)) continue;
            spdlog::debug("file gone: {}", key);
            remove_file(source_term(key));
            drop_file_entry(m_db, key);
            ++m_stats.deleted;
        }
    }

  private:
    /// Delete the documents of a file, and their words from the spelling table.
    void remove_file(const std::string& term) {
        std::vector<Xapian::docid> ids(m_db.postlist_begin(term), m_db.postlist_end(term));
        if (!ids.empty()) analysis();
        for (Xapian::docid id : ids) {
            Xapian::Document doc = m_db.get_document(id);
            for (const std::string& w : m_old_builder->build(article_from_data(doc.get_data()), "").spelling)
                m_db.remove_spelling(w);
            m_db.delete_document(id);
            ++m_stats.documents_deleted;
        }
    }

    Xapian::WritableDatabase& m_db;
    UpdateStats& m_stats;
    std::optional<Analysis> m_analysis;
    std::optional<DocumentBuilder> m_old_builder;  ///< recomputes the spelling words of deleted documents
    std::unordered_map<std::string, FileEntry> m_entries;  ///< what the index holds, by file
    std::unordered_set<std::string> m_seen;                ///< keys of every file found
};

void write_update_metadata(Xapian::WritableDatabase& db, const UpdateOptions& options, const UpdateStats& s) {
    std::string at = now_iso();
    nlohmann::json summary = {{"at", at},           {"files", s.files},         {"added", s.added},
                              {"changed", s.changed}, {"deleted", s.deleted},     {"unchanged", s.unchanged},
                              {"skipped", s.skipped.size()}, {"documents_added", s.documents_added},
                              {"documents_deleted", s.documents_deleted}};
    db.set_metadata(std::string(kMetaUpdatedAt), at);
    db.set_metadata(std::string(kMetaLastUpdate), summary.dump());
    db.set_metadata(std::string(schema::kMetaSources), join_sources(options.sources));
}

UpdateStats update_in_place(const UpdateOptions& options, const DbLocation& location, const fs::path& gen,
                            const ProgressFn& progress) {
    const auto start = Clock::now();
    UpdateStats stats;
    stats.generation = gen.string();
    Xapian::WritableDatabase db;
    try {
        db = Xapian::WritableDatabase(gen.string(), Xapian::DB_OPEN);
        std::string built_from = db.get_metadata(std::string(schema::kMetaSources));
        if (!built_from.empty() && built_from != join_sources(options.sources))
            spdlog::warn("the index was built from other sources ({}): documents of files not under --source "
                         "will be deleted", built_from);
        Updater updater(db, stats);
        std::vector<SourceFile> files = scan_sources(options.sources);
        stats.files = files.size();
        std::vector<SourceFile> todo = updater.plan(files);
        stats.scan_seconds = since(start);
        spdlog::info("found {} files, {} new or changed to read", files.size(), todo.size());

        db.begin_transaction(true);
        try {
            auto last_progress = Clock::now();
            const Analysis& analysis = todo.empty() ? Analysis{} : updater.analysis();
            stats.read_parse_seconds =
                run_pipeline(todo, options.threads, analysis, [&](size_t i, FileOutcome& out) {
                    updater.apply(out);
                    if (progress && (since(last_progress) > 0.2 || i + 1 == todo.size())) {
                        progress(i + 1, todo.size(), stats.documents_added);
                        last_progress = Clock::now();
                    }
                });
            updater.remove_gone();
            if (db.get_doccount() == 0)
                throw IndexError("the update would leave no documents (" + std::to_string(stats.files) +
                                 " files found): nothing changed; check --source");
            write_update_metadata(db, options, stats);
            auto t0 = Clock::now();
            spdlog::info("committing: {} added, {} changed, {} deleted", stats.added, stats.changed, stats.deleted);
            db.commit_transaction();
            stats.commit_seconds = since(t0);
        } catch (...) {
            try {
                db.cancel_transaction();
            } catch (const Xapian::Error&) {
            }
            throw;
        }
        stats.doccount = db.get_doccount();
        db.close();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot update database " + gen.string() + ": " + e.get_description() +
                         " (live index unchanged)");
    }
    location.prune(options.keep_generations);
    stats.seconds = since(start);
    spdlog::info("updated {}: {} documents", location.stub().string(), stats.doccount);
    return stats;
}

}  // namespace

UpdateStats update(const UpdateOptions& options, const ProgressFn& progress) {
    DbLocation location(options.db);
    WriterLock lock = location.lock_for_writing();
    location.remove_abandoned();
    fs::path gen = location.current_generation();
    std::string reason = reason_to_build(location, gen);
    if (reason.empty()) return update_in_place(options, location, gen, progress);

    spdlog::info("{}: building it", reason);
    BuildOptions b;
    b.sources = options.sources;
    b.db = options.db;
    b.threads = options.threads;
    b.keep_generations = options.keep_generations;
    b.analysis = options.analysis;
    return stats_of_build(build_locked(b, progress), reason);
}

}  // namespace news::indexer
