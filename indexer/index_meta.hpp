#pragma once
/// What the indexer records in a database beside the schema's keys: when and
/// how it was last built and updated, and which files were skipped (so that
/// an update does not retry an unchanged bad file every few minutes).

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace news::indexer {

/// UTC time of the last committed update ("YYYY-MM-DDTHH:MM:SSZ").
inline constexpr std::string_view kMetaUpdatedAt = "news:updated_at";
/// JSON summary of the build that made this generation.
inline constexpr std::string_view kMetaLastBuild = "news:last_build";
/// JSON summary of the last committed update.
inline constexpr std::string_view kMetaLastUpdate = "news:last_update";
/// Prefix of one key per skipped file (prefix + hash of the file's key).
inline constexpr std::string_view kMetaSkipPrefix = "news:skip:";

/// A file that gave no documents, and the stamp it had then.
struct SkipRecord {
    std::string file;  ///< source_key() of the file
    std::uintmax_t size = 0;
    std::int64_t mtime = 0;
    std::string reason;
};

/// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string now_iso();

/// Absolute, normalised source paths, one per line (kMetaSources).
std::string join_sources(const std::vector<std::filesystem::path>& sources);

/// Record (or replace) the skip record of `rec.file`.
void put_skip_record(Xapian::WritableDatabase& db, const SkipRecord& rec);

/// Forget the skip record of the file with this key (no-op when none).
void drop_skip_record(Xapian::WritableDatabase& db, const std::string& file);

/// All skip records, keyed by file.
std::map<std::string, SkipRecord> read_skip_records(const Xapian::Database& db);

}  // namespace news::indexer
