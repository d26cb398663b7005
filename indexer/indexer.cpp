#include "indexer/indexer.hpp"

#include "indexer/db_location.hpp"
#include "indexer/errors.hpp"
#include "indexer/index_meta.hpp"
#include "schema/analysis.hpp"
#include "schema/decompounder.hpp"
#include "schema/umlaut_stem.hpp"
#include "schema/schema.hpp"
#include "schema/shard.hpp"
#include "schema/text.hpp"

#include <nlohmann/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace news::indexer {

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// A slice (one thread's contiguous share of the files) writes its
/// documents into a fresh small database per segment
/// (BuildOptions::segment_docs documents), committed once: Xapian then only
/// ever appends to empty tables, and its in-memory buffers stay small and
/// warm in the cache (flushing 1,000-2,000 documents at a time costs less
/// CPU than 10,000, and far less than merging into an ever larger database).
/// Runs of one level merged into one of the next level (bounds the number of
/// databases open in the final merge, even for millions of documents).
constexpr size_t kMergeFanIn = 16;

/// Distinct spelling words a slice counts before it writes them into its
/// open segment (and at its end). Xapian's add_spelling() updates a dozen
/// n-gram entries per word, and merging spelling tables re-encodes them:
/// writing each word once per slice instead of once per segment saves that
/// work 50 times on 100k articles. About 100 bytes a word: up to 50 MB a slice.
constexpr size_t kSpellingWords = 500'000;

/// The databases one segment, run or generation consists of, as paths
/// below its directory: for one shard the directory itself (""); for N, the
/// lexicon (spelling, metadata, file entries) and then shard 0 ... N-1.
std::vector<std::string> parts_of(unsigned shards) {
    if (shards <= 1) return {""};
    std::vector<std::string> out{std::string(schema::kLexiconDir)};
    for (unsigned i = 0; i < shards; ++i) out.push_back(schema::shard_dir_name(i, shards));
    return out;
}

fs::path part_path(const fs::path& dir, const std::string& part) { return part.empty() ? dir : dir / part; }

/// A sorted run of documents on disk: a segment (level 0) or a merge of runs.
struct Run {
    fs::path path;
    unsigned level = 0;
};

/// Merge `inputs`, in order, into a new database (each of `parts`) at `out`
/// with Xapian's compaction (which also packs every table's blocks full),
/// then drop them.
void merge_runs(const std::vector<Run>& inputs, const fs::path& out, const std::vector<std::string>& parts) {
    for (const std::string& part : parts) {
        Xapian::Database all;
        for (const Run& r : inputs) all.add_database(Xapian::Database(part_path(r.path, part).string()));
        all.compact(part_path(out, part).string(), inputs.size() > 2 ? Xapian::DBCOMPACT_MULTIPASS : 0);
        all.close();
    }
    for (const Run& r : inputs) fs::remove_all(r.path);
}

/// One slice of the build, written by its own thread as a series of runs.
struct Slice {
    fs::path dir;                               ///< scratch directory of this slice's runs
    std::vector<std::string> parts;             ///< parts_of(shards)
    std::vector<Run> runs;                      ///< finished runs, in file order
    std::vector<Xapian::WritableDatabase> dbs;  ///< the segment being written, one database per part
    unsigned segment = 0;                       ///< number of the segment being written
    size_t in_segment = 0;                      ///< documents in it
    std::unordered_map<std::string, Xapian::termcount> spelling;  ///< word -> documents, added in bulk (kSpellingWords)
    size_t articles = 0, files_indexed = 0;
    std::uintmax_t bytes = 0;
    std::vector<SkippedFile> skipped;
    double write_seconds = 0, merge_seconds = 0;

    fs::path segment_path(unsigned n) const { return dir / fmt::format("seg{:06}", n); }

    /// Spelling, metadata and file entries go here.
    Xapian::WritableDatabase& lexicon() { return dbs.front(); }
    /// The documents of shard `i` (with one shard, the lexicon's database).
    Xapian::WritableDatabase& shard(unsigned i) { return dbs[dbs.size() == 1 ? 0 : 1 + i]; }

    void open_segment() {
        // Scratch: a crash loses the whole generation anyway, so no fsync.
        dbs.clear();
        if (parts.size() > 1) fs::create_directories(segment_path(segment));
        for (const std::string& part : parts)
            dbs.emplace_back(part_path(segment_path(segment), part).string(),
                             Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        in_segment = 0;
    }

    /// Commit the open segment as a run (merging runs of a full level) and
    /// open the next one unless this was the last.
    void close_segment(bool last) {
        if (last || spelling.size() >= kSpellingWords) {
            for (const auto& [word, count] : spelling) lexicon().add_spelling(word, count);
            spelling.clear();
        }
        for (Xapian::WritableDatabase& db : dbs) {
            db.commit();
            db.close();
        }
        runs.push_back({segment_path(segment), 0});
        ++segment;
        auto t0 = Clock::now();
        while (runs.size() >= kMergeFanIn && runs[runs.size() - kMergeFanIn].level == runs.back().level) {
            std::vector<Run> full(runs.end() - kMergeFanIn, runs.end());
            runs.resize(runs.size() - kMergeFanIn);
            Run merged{dir / fmt::format("run{:06}-l{}", segment, full.back().level + 1), full.back().level + 1};
            if (parts.size() > 1) fs::create_directories(merged.path);
            merge_runs(full, merged.path, parts);
            runs.push_back(merged);
        }
        merge_seconds += since(t0);
        if (!last) open_segment();
    }
};

/// An article id's unique term and the shard that owns it.
struct OwnedId {
    std::string term;
    unsigned shard = 0;
    bool operator<(const OwnedId& o) const { return term < o.term; }
    bool operator==(const OwnedId& o) const { return term == o.term; }
};

/// Remembers where each article id was written, so that an id found in two
/// segments can keep only the article of the later file (as one writer
/// replacing in file order would). Within a segment, replace_document() does
/// that already. Ids are kept as 64-bit hashes; the fix-up looks at the
/// real terms.
class IdRegistry {
  public:
    /// Where an article was written: slice and segment.
    struct Place {
        unsigned slice = 0, segment = 0;
        bool operator==(const Place&) const = default;
    };

    void claim(const OwnedId& id, Place at) {
        std::uint64_t h = schema::hash64(id.term);
        std::lock_guard lk(m_mu);
        auto [it, fresh] = m_where.try_emplace(h, at);
        if (fresh) return;
        ++m_replaced;
        if (!(it->second == at)) m_across.push_back(id);
        it->second = at;
    }

    /// Articles replaced by a later file in all (within a segment or not).
    size_t replaced() const { return m_replaced; }
    /// Ids written to more than one segment (may repeat).
    const std::vector<OwnedId>& across_segments() const { return m_across; }

  private:
    std::mutex m_mu;
    std::unordered_map<std::uint64_t, Place> m_where;
    std::vector<OwnedId> m_across;
    size_t m_replaced = 0;
};

/// For each id in more than one of `runs` (in file order), delete all its
/// documents but the last one: the article of the latest file. An id's
/// documents are all in the part of its owner shard.
void keep_latest(const std::vector<Run>& runs, const std::vector<std::string>& parts, std::vector<OwnedId> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto part_of = [&](unsigned shard) { return parts.size() == 1 ? parts[0] : parts[1 + shard]; };
    std::map<std::pair<size_t, std::string>, std::vector<Xapian::docid>> doomed;  // (run, part) -> documents to delete
    {
        std::map<std::string, std::vector<Xapian::Database>> readers;  // part -> one per run
        for (const OwnedId& id : ids) {
            const std::string part = part_of(id.shard);
            auto& dbs = readers[part];
            if (dbs.empty())
                for (const Run& r : runs) dbs.emplace_back(part_path(r.path, part).string());
            std::vector<std::pair<size_t, Xapian::docid>> where;
            for (size_t r = 0; r < dbs.size(); ++r)
                for (auto p = dbs[r].postlist_begin(id.term); p != dbs[r].postlist_end(id.term); ++p)
                    where.emplace_back(r, *p);
            for (size_t k = 0; k + 1 < where.size(); ++k) doomed[{where[k].first, part}].push_back(where[k].second);
            if (where.size() > 1)
                spdlog::debug("article {} is in {} files; keeping the latest", id.term.substr(1), where.size());
        }
    }
    for (const auto& [at, docids] : doomed) {
        Xapian::WritableDatabase db(part_path(runs[at.first].path, at.second).string(),
                                    Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        for (Xapian::docid d : docids) db.delete_document(d);
        db.commit();
    }
}

/// Write every file's documents into segments under `gen` (one slice per
/// thread, each a contiguous share of the files, in file order) and return
/// all runs in file order, with the slices' scratch directories in
/// `scratch`. Segments holding an article replaced by a later file in
/// another segment are fixed up before they are merged.
std::vector<Run> write_slices(const fs::path& gen, const std::vector<SourceFile>& files, const BuildOptions& options,
                              const ProgressFn& progress, BuildStats& stats, std::vector<fs::path>& scratch) {
    // Automatic: one slice per core, but not for a handful of files (each
    // slice costs databases and its share of the merge). Asked for: as many
    // as there are files.
    unsigned threads = options.threads ? std::min(options.threads, kMaxThreads)
                                       : std::max(1u, std::thread::hardware_concurrency());
    const size_t min_files = options.threads ? 1 : 16;
    threads = static_cast<unsigned>(std::clamp<size_t>(files.size() / min_files, 1, threads));
    const unsigned shards = std::max(1u, options.shards);
    std::vector<Slice> slices(threads);
    for (unsigned t = 0; t < threads; ++t) {
        slices[t].dir = gen / fmt::format("slice{}", t);
        slices[t].parts = parts_of(shards);
        fs::create_directories(slices[t].dir);
        scratch.push_back(slices[t].dir);
        slices[t].open_segment();
    }
    spdlog::info("indexing on {} thread(s), one slice of the files each", threads);

    IdRegistry ids;
    std::atomic<size_t> done{0}, articles{0};
    auto t_load = Clock::now();
    const Analysis analysis = load_analysis(options.analysis);
    stats.load_seconds = since(t_load);
    if (analysis.folds) stats.umlaut_folds = analysis.folds->serialise();
    if (analysis.compounds && analysis.compounds->size() != 0) {
        stats.compound_words = analysis.compounds->word_block();
        stats.compound_nouns = analysis.compounds->noun_block();
    }
    auto sink = [&](unsigned t, size_t i, FileOutcome& out) {
        Slice& sl = slices[t];
        auto t0 = Clock::now();
        sl.bytes += out.stamp.size;
        if (!out.error.empty()) {
            const std::string path = files[i].path().string();
            spdlog::warn("skipped {}: {}", path, out.error);
            sl.skipped.push_back({path, out.error});
            put_file_entry(sl.lexicon(), {out.key, out.stamp.size, out.stamp.mtime, out.stamp.hash, 0, out.error});
        } else {
            ++sl.files_indexed;
            for (BuiltDocument& d : out.docs) {
                const unsigned owner = schema::shard_of(d.id, shards);
                ids.claim({d.id_term, owner}, {t, sl.segment});
                sl.shard(owner).replace_document(d.id_term, d.doc);
                for (const std::string& w : d.spelling) ++sl.spelling[w];
                ++sl.articles;
                ++articles;
            }
            put_file_entry(sl.lexicon(), {out.key, out.stamp.size, out.stamp.mtime, out.stamp.hash,
                                          static_cast<unsigned>(out.docs.size()), ""});
            sl.in_segment += out.docs.size();
        }
        sl.write_seconds += since(t0);
        if (sl.in_segment >= std::max<size_t>(1, options.segment_docs)) sl.close_segment(false);
    };
    auto finish = [&](unsigned t) { slices[t].close_segment(true); };

    PipelineTimes times;
    std::exception_ptr failure;
    std::thread runner([&] {
        try {
            run_sliced(files, threads, analysis, sink, &times, &done, finish);
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
    std::vector<Run> runs;
    for (Slice& sl : slices) {
        stats.articles += sl.articles;
        stats.files_indexed += sl.files_indexed;
        stats.bytes += sl.bytes;
        stats.skipped.insert(stats.skipped.end(), sl.skipped.begin(), sl.skipped.end());
        stats.write_seconds += sl.write_seconds;
        stats.merge_seconds += sl.merge_seconds;
        runs.insert(runs.end(), sl.runs.begin(), sl.runs.end());
    }
    keep_latest(runs, parts_of(shards), ids.across_segments());
    if (ids.replaced()) spdlog::info("{} article(s) found again in a later file: the later one kept", ids.replaced());
    stats.articles -= ids.replaced();
    std::sort(stats.skipped.begin(), stats.skipped.end(),
              [](const SkippedFile& a, const SkippedFile& b) { return a.file < b.file; });
    stats.times = times;
    stats.read_parse_seconds = times.read + times.parse + times.analyse;
    stats.write_seconds += since(t0);
    return runs;
}

/// What every database of an index carries: schema, analysis and time of
/// the build (and, sharded, the number of shards).
void write_common_metadata(Xapian::WritableDatabase& db, const BuildOptions& options, const BuildStats& stats,
                           const std::string& at) {
    db.set_metadata(std::string(schema::kMetaSchemaVersion), schema::schema_version());
    db.set_metadata(std::string(schema::kMetaAnalysis), std::string(schema::to_string(options.analysis)));
    db.set_metadata(std::string(schema::kMetaUmlautFolds), stats.umlaut_folds);
    db.set_metadata(std::string(schema::kMetaCommonGrams), schema::gram_stems_text());
    db.set_metadata(std::string(schema::kMetaBuiltAt), at);
    if (options.shards > 1) db.set_metadata(std::string(schema::kMetaShards), std::to_string(options.shards));
}

/// Schema, analysis, time, sources and a summary of this build: into the
/// database (a single index) or the lexicon (a sharded one).
void write_build_metadata(Xapian::WritableDatabase& db, const BuildOptions& options, const BuildStats& stats,
                          const std::string& at) {
    nlohmann::json summary = {{"at", at},
                              {"files", stats.files},
                              {"files_indexed", stats.files_indexed},
                              {"articles", stats.articles},
                              {"skipped", stats.skipped.size()}};
    write_common_metadata(db, options, stats, at);
    db.set_metadata(std::string(schema::kMetaCompoundWords), stats.compound_words);
    db.set_metadata(std::string(schema::kMetaCompoundNouns), stats.compound_nouns);
    db.set_metadata(std::string(schema::kMetaSources), join_sources(options.sources));
    db.set_metadata(std::string(kMetaLastBuild), summary.dump());
    db.set_metadata(std::string(kMetaFileEntries), "1");
}

/// The build's own metadata as a last run (without documents) at `dir`.
Run write_metadata_run(const fs::path& dir, const BuildOptions& options, const BuildStats& stats) {
    const std::string at = now_iso();
    const std::vector<std::string> parts = parts_of(options.shards);
    if (parts.size() > 1) fs::create_directories(dir);
    for (size_t i = 0; i < parts.size(); ++i) {
        Xapian::WritableDatabase db(part_path(dir, parts[i]).string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        if (i == 0) {
            write_build_metadata(db, options, stats, at);
        } else {
            write_common_metadata(db, options, stats, at);
            db.set_metadata(std::string(schema::kMetaShard), std::to_string(i - 1));
        }
        db.commit();
    }
    return {dir, 0};
}

}  // namespace

BuildStats build(const BuildOptions& options, const ProgressFn& progress) {
    DbLocation location(options.db);
    WriterLock lock = location.lock_for_writing();
    return build_locked(options, progress);
}

BuildStats build_locked(const BuildOptions& options, const ProgressFn& progress) {
    const auto start = Clock::now();
    if (options.shards > schema::kMaxShards)
        throw IndexError("--shards " + std::to_string(options.shards) + ": at most " +
                         std::to_string(schema::kMaxShards));
    BuildStats stats;
    DbLocation location(options.db);
    location.remove_abandoned();

    std::vector<SourceFile> files = scan_sources(options.sources);
    stats.files = files.size();
    spdlog::info("found {} files to index in {} source(s)", files.size(), options.sources.size());

    fs::path gen = location.create_generation();
    stats.generation = gen.string();
    spdlog::info("writing new generation {}", gen.filename().string());
    auto discard = [&] {
        std::error_code ec;
        fs::remove_all(gen, ec);  // the live index was never touched
    };
    try {
        std::vector<fs::path> scratch;
        std::vector<Run> runs = write_slices(gen, files, options, progress, stats, scratch);
        if (stats.articles == 0)
            throw IndexError("nothing indexed (" + std::to_string(stats.files) + " files found, " +
                             std::to_string(stats.skipped.size()) + " skipped): live index left untouched");
        runs.push_back(write_metadata_run(gen / "meta", options, stats));
        auto t0 = Clock::now();
        spdlog::info("merging {} run(s) into {} documents{}", runs.size(), stats.articles,
                     options.shards > 1 ? fmt::format(" in {} shards", options.shards) : std::string());
        merge_runs(runs, gen, parts_of(options.shards));
        for (const fs::path& dir : scratch) fs::remove_all(dir);  // the emptied slice directories
        stats.merge_seconds += since(t0);
        t0 = Clock::now();
        const std::vector<fs::path> dbs = generation_databases(gen);
        if (dbs.size() > 1) stats.lexicon = dbs.front().string();
        for (size_t i = dbs.size() > 1 ? 1 : 0; i < dbs.size(); ++i) {
            Xapian::Database shard(dbs[i].string());
            stats.shards.push_back(dbs[i].string());
            stats.shard_documents.push_back(shard.get_doccount());
            stats.doccount += shard.get_doccount();
        }
        // A single database: its facet table, for processes that map it
        // instead of reading every document's values (the CGI).
        if (dbs.size() == 1) save_facet_file(gen);
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
