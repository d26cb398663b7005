#include "indexer/indexer.hpp"

#include "indexer/db_location.hpp"
#include "indexer/errors.hpp"
#include "indexer/index_meta.hpp"
#include "schema/schema.hpp"
#include "schema/text.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace news::indexer {

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// One slice of the build: its own database, written by its own thread.
struct Shard {
    fs::path path;
    Xapian::WritableDatabase db;
    std::unordered_map<std::string, Xapian::termcount> spelling;  ///< word -> documents, added in bulk
    size_t since_flush = 0;  ///< documents since the last commit
    size_t articles = 0, files_indexed = 0;
    std::uintmax_t bytes = 0;
    std::vector<SkippedFile> skipped;
    double write_seconds = 0;

    /// Hand the counted words to Xapian (one call per word, not per use).
    void flush_spelling() {
        for (const auto& [word, count] : spelling) db.add_spelling(word, count);
        spelling.clear();
    }
};

/// Which shard holds each article id, so that an id found in two files
/// keeps only the article of the later file (as one writer replacing in
/// file order would). Ids are kept as 64-bit hashes; a loser is deleted only
/// once both shards are seen to hold the very id term.
class IdRegistry {
  public:
    void claim(const std::string& id_term, size_t file, unsigned shard) {
        std::uint64_t h = schema::hash64(id_term);
        std::lock_guard lk(m_mu);
        auto [it, fresh] = m_owner.try_emplace(h, Owner{file, shard});
        if (fresh || it->second.shard == shard) {
            if (!fresh) ++m_replaced;  // replace_document() in that shard took care of it
            it->second = Owner{std::max(file, it->second.file), shard};
            return;
        }
        Owner loser = it->second, winner{file, shard};
        if (loser.file > winner.file) std::swap(loser, winner);
        m_losers.push_back({id_term, loser.shard, winner.shard});
        it->second = winner;
    }

    /// Delete the articles replaced by a later file in another shard;
    /// returns how many articles were replaced in all.
    size_t resolve(std::vector<Shard>& shards) {
        size_t removed = m_replaced;
        for (const Loser& l : m_losers) {
            if (!shards[l.shard].db.term_exists(l.id_term) || !shards[l.winner].db.term_exists(l.id_term)) continue;
            spdlog::debug("article {} is in two files; keeping the later one", l.id_term.substr(1));
            shards[l.shard].db.delete_document(l.id_term);
            ++removed;
        }
        return removed;
    }

  private:
    struct Owner {
        size_t file;
        unsigned shard;
    };
    struct Loser {
        std::string id_term;
        unsigned shard, winner;
    };
    std::mutex m_mu;
    std::unordered_map<std::uint64_t, Owner> m_owner;
    std::vector<Loser> m_losers;
    size_t m_replaced = 0;
};

/// Documents a shard buffers before committing them: bounds memory whatever
/// the corpus size (Xapian's own default is 10,000 per database).
constexpr size_t kShardFlushDocs = 4000;

/// Write every file's documents into shards of `gen` (one per thread, each
/// a contiguous slice of the files), in file order within each shard.
std::vector<Shard> write_shards(const fs::path& gen, const std::vector<SourceFile>& files, const BuildOptions& options,
                                const ProgressFn& progress, BuildStats& stats) {
    // Automatic: one shard per core, but not for a handful of files (each
    // shard costs a database and its share of the merge). Asked for: as many
    // as there are files.
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const size_t min_files = options.threads ? 1 : 16;
    threads = static_cast<unsigned>(std::clamp<size_t>(files.size() / min_files, 1, threads));
    std::vector<Shard> shards(threads);
    for (unsigned t = 0; t < threads; ++t) {
        shards[t].path = gen / ("shard" + std::to_string(t));
        // Shards are scratch: a crash loses the whole generation anyway, so no fsync.
        shards[t].db = Xapian::WritableDatabase(shards[t].path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    }
    spdlog::info("indexing on {} thread(s), one shard each", threads);

    IdRegistry ids;
    std::atomic<size_t> done{0}, articles{0};
    const Analysis analysis = load_analysis(options.analysis);
    auto sink = [&](unsigned t, size_t i, FileOutcome& out) {
        Shard& sh = shards[t];
        auto t0 = Clock::now();
        sh.bytes += out.stamp.size;
        if (!out.error.empty()) {
            spdlog::warn("skipped {}: {}", files[i].path.string(), out.error);
            sh.skipped.push_back({files[i].path.string(), out.error});
            put_file_entry(sh.db, {out.key, out.stamp.size, out.stamp.mtime, out.stamp.hash, 0, out.error});
        } else {
            ++sh.files_indexed;
            for (BuiltDocument& d : out.docs) {
                ids.claim(d.id_term, i, t);
                sh.db.replace_document(d.id_term, d.doc);
                for (const std::string& w : d.spelling) ++sh.spelling[w];
                ++sh.articles;
                ++articles;
            }
            put_file_entry(sh.db, {out.key, out.stamp.size, out.stamp.mtime, out.stamp.hash,
                                   static_cast<unsigned>(out.docs.size()), ""});
            sh.since_flush += out.docs.size();
            if (sh.since_flush >= kShardFlushDocs) {
                sh.flush_spelling();
                sh.db.commit();
                sh.since_flush = 0;
            }
        }
        sh.write_seconds += since(t0);
    };

    PipelineTimes times;
    std::exception_ptr failure;
    std::thread runner([&] {
        try {
            run_sharded(files, threads, analysis, sink, &times, &done);
        } catch (...) {
            failure = std::current_exception();
        }
        done = files.size() + 1;  // wakes the progress loop
    });
    while (done <= files.size()) {
        if (progress) progress(std::min(done.load(), files.size()), files.size(), articles.load());
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    runner.join();
    if (failure) std::rethrow_exception(failure);
    if (progress) progress(files.size(), files.size(), articles.load());

    auto t0 = Clock::now();
    for (Shard& sh : shards) {
        sh.flush_spelling();
        stats.articles += sh.articles;
        stats.files_indexed += sh.files_indexed;
        stats.bytes += sh.bytes;
        stats.skipped.insert(stats.skipped.end(), sh.skipped.begin(), sh.skipped.end());
        stats.write_seconds += sh.write_seconds;
    }
    size_t replaced = ids.resolve(shards);
    if (replaced) spdlog::info("{} article(s) found again in a later file: the later one kept", replaced);
    stats.articles -= replaced;
    std::sort(stats.skipped.begin(), stats.skipped.end(),
              [](const SkippedFile& a, const SkippedFile& b) { return a.file < b.file; });
    stats.times = times;
    stats.read_parse_seconds = times.read + times.parse + times.analyse;
    stats.write_seconds += since(t0);
    return shards;
}

/// Merge the shards, in order, into `gen` with Xapian's compaction (which
/// also packs every table's blocks full), then drop them.
void merge_shards(std::vector<Shard>& shards, const fs::path& gen) {
    Xapian::Database all;
    for (Shard& sh : shards) {
        sh.db.commit();
        sh.db.close();
        all.add_database(Xapian::Database(sh.path.string()));
    }
    all.compact(gen.string());
    all.close();
    for (Shard& sh : shards) fs::remove_all(sh.path);
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
    std::vector<Shard> shards;
    auto discard = [&] {
        for (Shard& sh : shards) {
            try {
                sh.db.close();
            } catch (const Xapian::Error&) {
            }
        }
        std::error_code ec;
        fs::remove_all(gen, ec);  // the live index was never touched
    };
    try {
        shards = write_shards(gen, files, options, progress, stats);
        if (stats.articles == 0)
            throw IndexError("nothing indexed (" + std::to_string(stats.files) + " files found, " +
                             std::to_string(stats.skipped.size()) + " skipped): live index left untouched");
        write_build_metadata(shards.front().db, options, stats);
        auto t0 = Clock::now();
        spdlog::info("merging {} shard(s) into {} documents", shards.size(), stats.articles);
        merge_shards(shards, gen);
        stats.merge_seconds = since(t0);
        t0 = Clock::now();
        Xapian::Database merged(gen.string());
        stats.doccount = merged.get_doccount();
        merged.close();
        stats.commit_seconds = since(t0);
    } catch (const Xapian::Error& e) {
        discard();
        throw IndexError("cannot write database " + gen.string() + ": " + e.get_description() +
                         " (live index untouched)");
    } catch (...) {
        discard();
        throw;
    }

    auto t0 = Clock::now();
    try {
        location.switch_to(gen);
    } catch (...) {
        discard();
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
