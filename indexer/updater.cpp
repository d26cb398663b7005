#include "indexer/updater.hpp"

#include "indexer/db_location.hpp"
#include "indexer/errors.hpp"
#include "indexer/stored_article.hpp"
#include "indexer/index_meta.hpp"
#include "schema/umlaut_stem.hpp"
#include "schema/schema.hpp"
#include "schema/shard.hpp"

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
std::string reason_to_build(const DbLocation& location, const fs::path& gen, unsigned shards_asked) {
    std::error_code ec;
    if (!fs::exists(location.stub(), ec)) return "no index at " + location.stub().string() + " yet";
    if (gen.empty() || !fs::is_directory(gen, ec)) return "the index's generation " + gen.string() + " is missing";
    const unsigned shards = generation_shards(gen);
    if (shards_asked != 0 && shards_asked != shards)
        return "the index has " + std::to_string(shards) + " shard(s), " + std::to_string(shards_asked) + " asked";
    try {
        Xapian::Database db(generation_databases(gen).front().string());  // a sharded index's metadata: its lexicon
        std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
        if (version != schema::schema_version())
            return "the index was built with schema '" + version + "', this is '" + schema::schema_version() + "'";
        schema::parse_profile(db.get_metadata(std::string(schema::kMetaAnalysis)));
        if (db.get_metadata(std::string(kMetaFileEntries)) != "1")
            return "the index has no per-file entries (built by an older news-index)";
        if (shards > 1 && db.get_metadata(std::string(schema::kMetaShards)) != std::to_string(shards))
            return "the index's lexicon says " + db.get_metadata(std::string(schema::kMetaShards)) + " shard(s), " +
                   gen.string() + " holds " + std::to_string(shards);
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

/// The databases an update writes. A single index: the live database,
/// updated in place inside one transaction. A sharded one: a new
/// generation, in which the lexicon and each shard the update changes are
/// copies of the live ones (made on the first change), the other shards
/// hard links to them; the stub then switches to it, so that a reader sees
/// every shard before or every shard after the update, never a mix (one
/// Xapian transaction cannot span several databases).
class Parts {
  public:
    /// A single database, open for writing.
    explicit Parts(const Xapian::WritableDatabase& db) : m_lexicon(db), m_shards(1) {
        m_shards[0].reader = db;
        m_shards[0].writer = db;
    }

    /// The sharded generation `from`, to be written as `to` (an empty directory).
    Parts(const fs::path& from, const fs::path& to, unsigned shards) : m_shards(shards) {
        const std::string lexicon(schema::kLexiconDir);
        copy_database(from / lexicon, to / lexicon);
        m_lexicon = Xapian::WritableDatabase((to / lexicon).string(), Xapian::DB_OPEN);
        for (unsigned i = 0; i < shards; ++i) {
            Shard& s = m_shards[i];
            s.from = from / schema::shard_dir_name(i, shards);
            s.to = to / schema::shard_dir_name(i, shards);
            s.reader = Xapian::Database(s.from.string());
        }
    }

    unsigned shards() const { return static_cast<unsigned>(m_shards.size()); }
    /// Spelling table, metadata and file entries (a single index: the database).
    Xapian::WritableDatabase& lexicon() { return m_lexicon; }
    /// Shard `i` as it is now (with the update's changes once it has any).
    const Xapian::Database& reader(unsigned i) const {
        return m_shards[i].writer ? *m_shards[i].writer : m_shards[i].reader;
    }

    /// Shard `i` for writing: copied into the new generation on first use.
    Xapian::WritableDatabase& writer(unsigned i) {
        Shard& s = m_shards[i];
        if (!s.writer) {
            copy_database(s.from, s.to);
            s.writer = Xapian::WritableDatabase(s.to.string(), Xapian::DB_OPEN);
            spdlog::debug("shard {} changes: copied into the new generation", i);
        }
        return *s.writer;
    }

    Xapian::doccount doccount() const {
        Xapian::doccount n = 0;
        for (unsigned i = 0; i < shards(); ++i) n += reader(i).get_doccount();
        return n;
    }

    /// Sharded: commit the copies, link the unchanged shards into the new
    /// generation. Returns how many shards changed.
    unsigned finish() {
        unsigned changed = 0;
        for (Shard& s : m_shards) {
            if (s.writer) {
                s.writer->commit();
                s.writer->close();
                ++changed;
            } else {
                s.reader.close();
                link_database(s.from, s.to);
            }
        }
        m_lexicon.commit();
        m_lexicon.close();
        return changed;
    }

  private:
    struct Shard {
        fs::path from, to;
        Xapian::Database reader;
        std::optional<Xapian::WritableDatabase> writer;
    };

    static void copy_database(const fs::path& from, const fs::path& to) {
        fs::create_directories(to);
        for (const auto& e : fs::directory_iterator(from))
            if (e.is_regular_file())
                fs::copy_file(e.path(), to / e.path().filename(), fs::copy_options::overwrite_existing);
    }

    /// Hard links (never written: a later update copies what it changes).
    static void link_database(const fs::path& from, const fs::path& to) {
        fs::create_directories(to);
        for (const auto& e : fs::directory_iterator(from)) {
            if (!e.is_regular_file()) continue;
            std::error_code ec;
            fs::create_hard_link(e.path(), to / e.path().filename(), ec);
            if (ec) fs::copy_file(e.path(), to / e.path().filename(), fs::copy_options::overwrite_existing);
        }
    }

    Xapian::WritableDatabase m_lexicon;
    std::vector<Shard> m_shards;
};

/// The update proper, on a database or the parts of a sharded one.
class Updater {
  public:
    Updater(Parts& parts, UpdateStats& stats) : m_parts(parts), m_stats(stats) {}

    /// The analysis the index was built with (word lists loaded on first use:
    /// an update with nothing to read does not need them).
    const Analysis& analysis() {
        if (!m_analysis) {
            Xapian::WritableDatabase& meta = m_parts.lexicon();
            m_analysis = load_analysis(schema::parse_profile(meta.get_metadata(std::string(schema::kMetaAnalysis))));
            m_analysis->folds = schema::UmlautFolds::parse(meta.get_metadata(std::string(schema::kMetaUmlautFolds)));
            m_old_builder.emplace(m_analysis->profile, m_analysis->compounds, m_analysis->folds);
        }
        return *m_analysis;
    }

    /// Compare the sources with the index: the files to read, and counts.
    std::vector<SourceFile> plan(const std::vector<SourceFile>& files) {
        m_entries = read_file_entries(m_parts.lexicon());
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
        Xapian::WritableDatabase& lexicon = m_parts.lexicon();
        if (!out.error.empty()) {
            spdlog::warn("skipped {}: {}", out.key, out.error);
            m_stats.skipped.push_back({out.key, out.error});
            now.documents = 0;
            remove_file(term);  // a rebuild would not have it either
            put_file_entry(lexicon, now);
            return;
        }
        if (old && old->reason.empty() && !old->hash.empty() && old->hash == now.hash &&
            old->documents == now.documents) {
            put_file_entry(lexicon, now);  // touched, not changed: keep the documents
            ++m_stats.unchanged;
            return;
        }
        remove_file(term);
        ++(old ? m_stats.changed : m_stats.added);
        for (const BuiltDocument& d : out.docs) {
            m_parts.writer(schema::shard_of(d.id, m_parts.shards())).replace_document(d.id_term, d.doc);
            for (const std::string& w : d.spelling) lexicon.add_spelling(w);
            ++m_stats.documents_added;
        }
        put_file_entry(lexicon, now);
    }

    /// Delete what belongs to files no longer found.
    void remove_gone() {
        for (const auto& [key, entry] : m_entries) {
            if (m_seen.count(key)) continue;
            spdlog::debug("file gone: {}", key);
            remove_file(source_term(key));
            drop_file_entry(m_parts.lexicon(), key);
            ++m_stats.deleted;
        }
    }

  private:
    /// Delete the documents of a file, and their words from the spelling table.
    void remove_file(const std::string& term) {
        for (unsigned i = 0; i < m_parts.shards(); ++i) {
            const Xapian::Database& now = m_parts.reader(i);
            std::vector<Xapian::docid> ids(now.postlist_begin(term), now.postlist_end(term));
            if (ids.empty()) continue;
            analysis();
            Xapian::WritableDatabase& db = m_parts.writer(i);
            for (Xapian::docid id : ids) {
                Xapian::Document doc = db.get_document(id);
                for (const std::string& w : m_old_builder->build(article_from_data(doc.get_data()), "").spelling)
                    m_parts.lexicon().remove_spelling(w);
                db.delete_document(id);
                ++m_stats.documents_deleted;
            }
        }
    }

    Parts& m_parts;
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

/// Compare, read and apply: everything of an update but opening and
/// committing (the same for a single and a sharded index).
void run_update(Parts& parts, const UpdateOptions& options, UpdateStats& stats, const ProgressFn& progress,
                Clock::time_point start) {
    std::string built_from = parts.lexicon().get_metadata(std::string(schema::kMetaSources));
    if (!built_from.empty() && built_from != join_sources(options.sources))
        spdlog::warn("the index was built from other sources ({}): documents of files not under --source "
                     "will be deleted", built_from);
    Updater updater(parts, stats);
    std::vector<SourceFile> files = scan_sources(options.sources);
    stats.files = files.size();
    std::vector<SourceFile> todo = updater.plan(files);
    stats.scan_seconds = since(start);
    spdlog::info("found {} files, {} new or changed to read", files.size(), todo.size());

    auto last_progress = Clock::now();
    const Analysis& analysis = todo.empty() ? Analysis{} : updater.analysis();
    stats.read_parse_seconds = run_pipeline(todo, options.threads, analysis, [&](size_t i, FileOutcome& out) {
        updater.apply(out);
        if (progress && (since(last_progress) > 0.2 || i + 1 == todo.size())) {
            progress(i + 1, todo.size(), stats.documents_added);
            last_progress = Clock::now();
        }
    });
    updater.remove_gone();
    if (parts.doccount() == 0)
        throw IndexError("the update would leave no documents (" + std::to_string(stats.files) +
                         " files found): nothing changed; check --source");
    write_update_metadata(parts.lexicon(), options, stats);
    spdlog::info("committing: {} added, {} changed, {} deleted", stats.added, stats.changed, stats.deleted);
}

UpdateStats update_in_place(const UpdateOptions& options, const DbLocation& location, const fs::path& gen,
                            const ProgressFn& progress) {
    const auto start = Clock::now();
    UpdateStats stats;
    stats.generation = gen.string();
    Xapian::WritableDatabase db;
    try {
        db = Xapian::WritableDatabase(gen.string(), Xapian::DB_OPEN);
        Parts parts(db);
        db.begin_transaction(true);
        try {
            run_update(parts, options, stats, progress, start);
            auto t0 = Clock::now();
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
        save_facet_file(gen);  // the one there is stale now: searchers do not use it
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot update database " + gen.string() + ": " + e.get_description() +
                         " (live index unchanged)");
    }
    location.prune(options.keep_generations);
    stats.seconds = since(start);
    spdlog::info("updated {}: {} documents", location.stub().string(), stats.doccount);
    return stats;
}

/// A sharded index: the update goes into a new generation (see Parts),
/// switched to like a build's.
UpdateStats update_sharded(const UpdateOptions& options, const DbLocation& location, const fs::path& gen,
                           unsigned shards, const ProgressFn& progress) {
    const auto start = Clock::now();
    UpdateStats stats;
    const fs::path next = location.create_generation();
    stats.generation = next.string();
    auto discard = [&] {
        std::error_code ec;
        fs::remove_all(next, ec);  // the live generation was only read
    };
    try {
        Parts parts(gen, next, shards);
        run_update(parts, options, stats, progress, start);
        auto t0 = Clock::now();
        stats.doccount = parts.doccount();
        unsigned changed = parts.finish();
        location.switch_to(next);
        stats.commit_seconds = since(t0);
        spdlog::info("wrote {} with {} of {} shard(s) changed", next.filename().string(), changed, shards);
    } catch (const Xapian::Error& e) {
        discard();
        throw IndexError("cannot update database " + gen.string() + ": " + e.get_description() +
                         " (live index unchanged)");
    } catch (const fs::filesystem_error& e) {
        discard();
        throw IndexError("cannot update database " + gen.string() + ": " + e.what() + " (live index unchanged)");
    } catch (...) {
        discard();
        throw;
    }
    location.prune(options.keep_generations);
    stats.seconds = since(start);
    spdlog::info("updated {}: {} documents", location.stub().string(), stats.doccount);
    return stats;
}

}  // namespace

UpdateStats update(const UpdateOptions& options, const ProgressFn& progress) {
    if (options.shards > schema::kMaxShards)
        throw IndexError("--shards " + std::to_string(options.shards) + ": at most " +
                         std::to_string(schema::kMaxShards));
    DbLocation location(options.db);
    WriterLock lock = location.lock_for_writing();
    location.remove_abandoned();
    fs::path gen = location.current_generation();
    std::string reason = reason_to_build(location, gen, options.shards);
    std::error_code ec;
    const unsigned shards = !gen.empty() && fs::is_directory(gen, ec) ? generation_shards(gen) : 1;
    if (reason.empty())
        return shards > 1 ? update_sharded(options, location, gen, shards, progress)
                          : update_in_place(options, location, gen, progress);

    spdlog::info("{}: building it", reason);
    BuildOptions b;
    b.sources = options.sources;
    b.db = options.db;
    b.threads = options.threads;
    b.keep_generations = options.keep_generations;
    b.analysis = options.analysis;
    b.shards = options.shards ? options.shards : shards;
    return stats_of_build(build_locked(b, progress), reason);
}

}  // namespace news::indexer
