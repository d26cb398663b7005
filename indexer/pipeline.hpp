#pragma once
/// The parallel half of indexing. run_pipeline() (for `update`): worker
/// threads read, parse and analyse files ahead of one consumer, which gets
/// each file's documents in file order on the calling thread (Xapian has a
/// single writer per database). run_sliced() (for `build`): each thread
/// runs the whole chain on its own slice of the files, writer included.
///
/// @code
///   auto files = scan_sources({"corpus"});
///   run_pipeline(files, 0, load_analysis(AnalysisProfile::FULL), [&](size_t i, FileOutcome& out) {
///       for (BuiltDocument& d : out.docs) db.replace_document(d.id_term, d.doc);
///   });
/// @endcode

#include "indexer/document_builder.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/stage_times.hpp"
#include "schema/analysis.hpp"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace news::indexer {

/// A file to index and its path relative to the source root it was found in.
struct SourceFile {
    /// The folder it was found in, shared by every file of a source: a
    /// std::filesystem::path holds each component apart, about 800 MB for a
    /// million files where this takes about 130.
    std::shared_ptr<const std::filesystem::path> root;
    std::string relpath;  ///< below `root`, '/'-separated

    std::filesystem::path path() const { return *root / relpath; }
};

/// All indexable files under the sources, sorted by relative path (hidden
/// folders skipped). Throws IndexError for a missing source.
std::vector<SourceFile> scan_sources(const std::vector<std::filesystem::path>& sources);

/// The identity of a file in the index: its canonical absolute path, stored
/// in every document it gave (XFILE term and data "source.file").
std::string source_key(const std::filesystem::path& file);

/// The XFILE term shared by all documents of the file with this key.
std::string source_term(const std::string& key);

/// What reading and analysing one file gave.
struct FileOutcome {
    std::string error;                ///< non-empty: the file is skipped for this reason
    std::vector<BuiltDocument> docs;  ///< one per article, in file order
    FileStamp stamp;                  ///< size, mtime and content hash
    std::string key;                  ///< source_key() of the file
};

/// The analysis every document of one database gets: its profile and the
/// compound word list, loaded once and shared read-only by all threads.
struct Analysis {
    schema::AnalysisProfile profile = schema::AnalysisProfile::FULL;
    std::shared_ptr<const schema::Decompounder> compounds;
    /// The plural umlauts the stemmer folds: the word lists' at a build, the
    /// index's own at an update (stored with it, so both stem alike).
    std::shared_ptr<const schema::UmlautFolds> folds;
};

/// Load what `profile` needs (FULL: the German word lists; warns when none
/// is installed and goes on without compound splitting).
Analysis load_analysis(schema::AnalysisProfile profile);

/// Where the workers' time went, summed over threads.
struct PipelineTimes {
    double read = 0;     ///< reading files (and hashing their bytes)
    double parse = 0;    ///< extracting their articles (HTML, XML)
    double analyse = 0;  ///< turning articles into Xapian documents
    StageTimes stages;   ///< parse and analyse split finer (stage_times.hpp)
    PipelineTimes& operator+=(const PipelineTimes& o) {
        read += o.read;
        parse += o.parse;
        analyse += o.analyse;
        stages += o.stages;
        return *this;
    }
};

/// Receives file `index`'s outcome, in file order, on the thread that called
/// run_pipeline(). May move from the outcome.
using OutcomeSink = std::function<void(size_t index, FileOutcome& outcome)>;

/// Read and analyse `files` on `threads` threads (0: one per core) with
/// `analysis`, handing
/// each outcome to `sink` in order. An exception thrown by `sink` stops the
/// workers and is rethrown once they are joined. Returns the seconds the
/// workers were busy, summed over threads (split in `times` when given).
double run_pipeline(const std::vector<SourceFile>& files, unsigned threads, const Analysis& analysis,
                    const OutcomeSink& sink, PipelineTimes* times = nullptr);

/// Receives file `index`'s outcome on the thread of `slice`, which owns
/// everything the sink keeps for that slice (its databases above all).
using SliceSink = std::function<void(unsigned slice, size_t index, FileOutcome& outcome)>;

/// Split `files` into `slices` contiguous slices (so slice 0 holds the first
/// files, and merging the slices in order keeps file order) and read, parse,
/// analyse and hand over each slice on its own thread: every core runs the
/// whole chain, writer included, with nothing shared but the read-only
/// analysis. An exception in a sink or worker stops all slices and is
/// rethrown once they are joined. `files_done` (optional) counts finished
/// files for a progress display on another thread; `finish` (optional) is
/// called on each slice's thread after its last file.
void run_sliced(const std::vector<SourceFile>& files, unsigned slices, const Analysis& analysis,
                const SliceSink& sink, PipelineTimes* times = nullptr, std::atomic<size_t>* files_done = nullptr,
                const std::function<void(unsigned slice)>& finish = {});

}  // namespace news::indexer
