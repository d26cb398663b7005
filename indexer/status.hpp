#pragma once
/// `news-index status`: what an operator or a monitoring check wants to know
/// about a live index, read without taking the writer lock.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace news::indexer {

/// One document database of the index: the index itself, or one shard.
struct ShardStatus {
    std::string path;             ///< database path (or the remote address of a stub's "remote" line)
    std::uint64_t documents = 0;
    std::string shards;           ///< its news:shards ("" when it has none)
    std::string shard;            ///< its news:shard
    std::string error;            ///< why it cannot be opened ("" when it can)
};

struct IndexStatus {
    std::string db;                        ///< the stub path
    bool ok = false;                       ///< the index opens
    std::string error;                     ///< why not, when !ok
    std::uint64_t documents = 0;
    std::string generation;                ///< current generation directory
    std::vector<std::string> generations;  ///< all on disk, oldest first
    std::string built_at;                  ///< UTC time of the build
    std::string updated_at;                ///< UTC time of the last update ("" if none)
    std::vector<std::string> sources;      ///< what it was built (or last updated) from
    std::string schema_version;
    std::string analysis;
    nlohmann::json last_build;             ///< summary of the build (object or null)
    nlohmann::json last_update;            ///< summary of the last update (object or null)
    size_t skipped_files = 0;              ///< files that gave no article
    std::uintmax_t size_bytes = 0;         ///< current generation on disk
    std::uintmax_t total_bytes = 0;        ///< every generation on disk
    std::optional<pid_t> writer;           ///< process running build/update now
    std::string lexicon;                   ///< a sharded index's lexicon ("" for one database)
    std::vector<ShardStatus> shards;       ///< the document databases, in stub order (one for one database)
    /// A replica pulled by xapian-replicate (a directory with its own stub,
    /// XAPIANDB): the copy it serves now and when it was switched to.
    std::string replica_copy;
    std::string replica_pulled_at;         ///< UTC, from the stub's modification time
};

/// Read the status of the index at `db`. Never throws for a missing or
/// broken index: `ok` is false and `error` says why. A sharded index is
/// checked for consistency: a lexicon without documents first, then
/// shards that each say how many shards there are (as many as the stub
/// lists) and which one they are.
IndexStatus read_status(const std::filesystem::path& db);

/// The `status --format json` object.
nlohmann::json to_json(const IndexStatus& s);

}  // namespace news::indexer
