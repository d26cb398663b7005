#pragma once
/// The indexer library: scan sources, read and analyse files on all cores,
/// each core writing its slice of the files, merge the slices by compaction
/// into a new generation (one database, or a lexicon and N shards), switch
/// it in atomically.
///
/// @code
///   news::indexer::BuildOptions opt;
///   opt.sources = {"corpus"};
///   opt.db = "var/news.db";
///   auto stats = news::indexer::build(opt, {});
/// @endcode

#include "schema/analysis.hpp"

#include "indexer/pipeline.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace news::indexer {

/// More threads than this are not started, whatever is asked (each build
/// thread holds a database and a copy of the analysis caches).
inline constexpr unsigned kMaxThreads = 256;

struct BuildOptions {
    std::vector<std::filesystem::path> sources;  ///< directories (or single files)
    std::filesystem::path db;                     ///< stub path of the live database
    unsigned threads = 0;                         ///< parsing threads; 0 = one per core
    size_t keep_generations = 2;                  ///< generations kept after the switch
    schema::AnalysisProfile analysis = schema::AnalysisProfile::FULL;  ///< stored in the index
    size_t segment_docs = 2000;  ///< documents per segment a slice writes before starting the next
    /// Databases the documents are spread over (schema/shard.hpp): 1 = one
    /// database, as ever; N > 1 = a lexicon and N shards, each article in
    /// the shard schema::shard_of() names.
    unsigned shards = 1;
};

struct SkippedFile {
    std::string file;
    std::string reason;
};

struct BuildStats {
    size_t files = 0;          ///< indexable files found
    size_t files_indexed = 0;  ///< files that gave at least one article
    size_t articles = 0;       ///< documents written
    std::vector<SkippedFile> skipped;
    std::uintmax_t bytes = 0;  ///< bytes read
    double seconds = 0;        ///< wall time of the whole run
    double load_seconds = 0;        ///< loading the German word lists (once per run)
    std::string umlaut_folds;       ///< the plural umlauts the stemmer folded (stored in the index)
    std::string compound_words;     ///< the compound splitter's words, compact (stored in the index)
    std::string compound_nouns;     ///< its nouns, compact (stored in the index)
    PipelineTimes times;            ///< read, parse, analyse: summed over threads
    double read_parse_seconds = 0;  ///< the sum of `times`
    double write_seconds = 0;       ///< summed over slices: replace_document, spelling, flushes
    double merge_seconds = 0;       ///< merging (compacting) the slices into the generation
    double commit_seconds = 0;      ///< final open, switch and pruning
    std::uint64_t doccount = 0;     ///< documents in the new database
    std::string generation;         ///< directory of the new generation
    std::string lexicon;            ///< its lexicon database ("" for a single database)
    std::vector<std::string> shards;             ///< its document databases (the generation itself when 1)
    std::vector<std::uint64_t> shard_documents;  ///< documents in each
};

/// Called from the calling thread now and then: (files done, files total, articles).
using ProgressFn = std::function<void(size_t, size_t, size_t)>;

/// Full rebuild into a fresh generation, then atomic switch. Takes the
/// writer lock (LockedError when held). Removes generations left by a killed
/// run first, and old generations (beyond `keep_generations`, and none still
/// open by a reader on this host) only after the switch.
///
/// Errors (IndexError): a missing source; an index with no documents; the
/// database cannot be written (disk full, unwritable target). In each case
/// the unfinished generation is removed and the live index is untouched.
BuildStats build(const BuildOptions& options, const ProgressFn& progress);

/// build() for a caller that already holds the writer lock of `options.db`.
BuildStats build_locked(const BuildOptions& options, const ProgressFn& progress);

}  // namespace news::indexer
