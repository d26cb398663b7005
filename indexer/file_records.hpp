#pragma once
/// What an index knows about the files it was built from: every document
/// carries its file's XFILE term and, in its data, the file's size, mtime and
/// content hash ("source": {...}) and the article itself.

#include "indexer/article.hpp"

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace news::indexer {

/// One source file as the index holds it.
struct FileRecord {
    std::uintmax_t size = 0;
    std::int64_t mtime = 0;
    std::string hash;
    Xapian::doccount documents = 0;  ///< articles of the file in the index
};

/// Every file in the index, keyed by its XFILE term. Reads one document's
/// data per file.
std::unordered_map<std::string, FileRecord> read_file_records(const Xapian::Database& db);

/// Fill size, mtime and hash from a document's data; false when the data has
/// no source stamp. Reads only the "source" object, not the whole article.
bool parse_source_stamp(std::string_view data, FileRecord& rec);

/// The article a document was built from, as stored in its data.
Article article_from_data(const std::string& data);

}  // namespace news::indexer
