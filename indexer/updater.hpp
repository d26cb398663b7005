#pragma once
/// Incremental update of the live index, for editors who want a new article
/// findable within minutes without waiting for the nightly rebuild.
///
/// The sources are compared with what the index holds per file (the XFILE
/// term shared by all articles of a file, and the size, mtime and content
/// hash stored in each document's data): new files are added, changed ones
/// re-indexed (size or mtime differ, and the content hash confirms it; a file
/// only touched keeps its documents), documents of files that are gone are
/// deleted, all in one Xapian transaction on the live generation. Readers see
/// the index before or after the update, never in between; a run killed
/// before the commit leaves no trace. A sharded index is updated into a new
/// generation instead (the lexicon and the shards the update changes are
/// copied, the others hard-linked) and switched to atomically, with the
/// same guarantees.
///
/// @code
///   news::indexer::UpdateOptions opt;
///   opt.sources = {"corpus"};
///   opt.db = "var/news.db";
///   auto stats = news::indexer::update(opt, {});
/// @endcode

#include "indexer/indexer.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace news::indexer {

struct UpdateOptions {
    std::vector<std::filesystem::path> sources;  ///< the same sources the index was built from
    std::filesystem::path db;                     ///< stub path of the live database
    unsigned threads = 0;                         ///< parsing threads; 0 = one per core
    size_t keep_generations = 2;                  ///< generations kept (when old ones are pruned)
    /// Analysis of a first build; an existing index keeps the one it was built with.
    schema::AnalysisProfile analysis = schema::AnalysisProfile::FULL;
    /// Shards: 0 = as the index has (1 for a first build); another number
    /// than the index has makes a full build with that many.
    unsigned shards = 0;
};

/// What an update did. Every file found is exactly one of added, changed,
/// unchanged or skipped; deleted counts files gone since the last run.
struct UpdateStats {
    bool rebuilt = false;        ///< no usable index: a full build was made instead
    std::string rebuild_reason;  ///< why (no index yet, other schema...)
    size_t files = 0;            ///< indexable files found
    size_t added = 0;            ///< new files indexed
    size_t changed = 0;          ///< files re-indexed because their content changed
    size_t deleted = 0;          ///< files gone: their documents deleted
    size_t unchanged = 0;        ///< same size and mtime, or same content hash
    std::vector<SkippedFile> skipped;  ///< new or changed files that gave no article
    size_t documents_added = 0;
    size_t documents_deleted = 0;
    std::uint64_t doccount = 0;  ///< documents in the index after the update
    std::string generation;      ///< directory of the generation updated
    double seconds = 0;          ///< wall time of the whole run
    double scan_seconds = 0;     ///< reading the index's file records and scanning the sources
    double read_parse_seconds = 0;  ///< summed over threads
    double commit_seconds = 0;
};

/// Update the index at `options.db` from `options.sources`; build it when
/// there is none (or it was built with another schema). Takes the writer
/// lock (LockedError when held).
///
/// Errors (IndexError): a missing source; an update that would leave no
/// document (an empty or unmounted source directory); the database cannot be
/// written (disk full, unwritable target). The transaction is then cancelled
/// and the live index stays as it was.
UpdateStats update(const UpdateOptions& options, const ProgressFn& progress);

}  // namespace news::indexer
