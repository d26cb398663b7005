#pragma once
/// Reads one source file and dispatches on its kind: HTML pages (.html,
/// .htm) and XML files (.xml, .rss, .atom). Unreadable, empty, oversized and
/// binary files come back as a ReadResult with the reason.

#include "indexer/article.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace news::indexer {

/// True for the file names the indexer reads.
bool is_indexable(const std::filesystem::path& file);

/// Identity of a file's content, stored per document for incremental updates.
struct FileStamp {
    std::uintmax_t size = 0;
    std::int64_t mtime = 0;  ///< seconds since the epoch
    std::string hash;        ///< hash64_hex of the bytes
};

struct FileRead {
    ReadResult result;
    FileStamp stamp;
};

/// A file's bytes and stamp, or why it cannot be read (`error` non-empty).
struct FileBytes {
    std::string bytes;
    FileStamp stamp;
    std::string error;
};

/// Read `file` whole (refusing non-regular and oversized files).
FileBytes read_source_file(const std::filesystem::path& file);

/// Read and parse `file`; `relpath` is its path relative to the source root.
FileRead read_article_file(const std::filesystem::path& file, const std::string& relpath);

/// Parse bytes already in memory (tests, inspect of stdin).
ReadResult parse_article_bytes(std::string_view bytes, const std::filesystem::path& file, const std::string& relpath);

/// Files larger than this are skipped.
inline constexpr std::uintmax_t kMaxFileBytes = 64ull << 20;

}  // namespace news::indexer
