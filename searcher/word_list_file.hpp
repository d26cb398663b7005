#pragma once
/// The compound splitter's word lists of an index, written at build time as
/// a file beside its tables and mapped by a searcher.
///
/// The index keeps the lists in its metadata (about 6 MB, read whole by
/// get_metadata): a CGI process paid that copy for every query with a
/// capitalised word of 8 letters or more. `news-index build` writes the same
/// blocks into `news-words` in a single database's directory; a searcher
/// maps it (no copy) when its magic, size and checksum are right and it
/// names the database's UUID (the lists are the build's: an update keeps
/// them, and the UUID), else reads the metadata as before.

#include "schema/decompounder.hpp"

#include <xapian.h>

#include <filesystem>
#include <memory>
#include <string>

namespace news::searcher {

/// The word list file's name inside a database directory.
inline constexpr const char* kWordListFileName = "news-words";

/// Write the compound word lists the database in `dir` holds in its
/// metadata into `dir`/kWordListFileName (nothing when it holds none).
/// Throws std::runtime_error or Xapian::Error.
void write_word_list_file(const std::filesystem::path& dir);

/// The word lists mapped from `dir`'s file when it is valid for `db`;
/// nullptr, with a debug log saying why, otherwise.
std::shared_ptr<const schema::Decompounder> map_word_list_file(const std::string& dir, const Xapian::Database& db);

}  // namespace news::searcher
