#pragma once
/// What the indexer records in a database beside the schema's keys: when and
/// how it was last built and updated, and one entry per source file (its
/// stamp, how many articles it gave or why it was skipped). An update reads
/// these small entries instead of every document's data, and does not retry
/// an unchanged bad file every few minutes.

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace news::indexer {

/// UTC time of the last committed update ("YYYY-MM-DDTHH:MM:SSZ").
inline constexpr std::string_view kMetaUpdatedAt = "news:updated_at";
/// JSON summary of the build that made this generation.
inline constexpr std::string_view kMetaLastBuild = "news:last_build";
/// JSON summary of the last committed update.
inline constexpr std::string_view kMetaLastUpdate = "news:last_update";
/// "1" when the database holds a file entry for every source file.
inline constexpr std::string_view kMetaFileEntries = "news:file_entries";
/// Prefix of one key per source file (prefix + hash of the file's key).
inline constexpr std::string_view kMetaFilePrefix = "news:file:";

/// One source file as the index holds it.
struct FileEntry {
    std::string file;        ///< source_key() of the file
    std::uintmax_t size = 0;
    std::int64_t mtime = 0;  ///< seconds since the epoch
    std::string hash;        ///< content hash (empty when it could not be read)
    unsigned documents = 0;  ///< articles it gave
    std::string reason;      ///< why it was skipped ("" when indexed)
};

/// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string now_iso();

/// Absolute, normalised source paths, one per line (kMetaSources).
std::string join_sources(const std::vector<std::filesystem::path>& sources);

/// Record (or replace) the entry of `e.file`.
void put_file_entry(Xapian::WritableDatabase& db, const FileEntry& e);

/// Forget the entry of the file with this key (no-op when none).
void drop_file_entry(Xapian::WritableDatabase& db, const std::string& file);

/// All file entries, keyed by file.
std::unordered_map<std::string, FileEntry> read_file_entries(const Xapian::Database& db);

/// Number of files skipped (entries with a reason).
size_t count_skipped_files(const Xapian::Database& db);

/// Write the facet file of the single database in `dir` (searcher/facet_file.hpp)
/// once its commit is done, and its word list file (searcher/word_list_file.hpp). A failure is only a warning: searchers then read
/// the table from the value streams, as without the file.
void save_facet_file(const std::filesystem::path& dir);

}  // namespace news::indexer
