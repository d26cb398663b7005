#pragma once
/// A database's facet table written at build time, mapped at search time.
///
/// Reading the table from the value streams costs every document's values
/// (about 0.1 s on 100,000 articles): a service pays it once per index
/// revision, a CGI process on every request. So `news-index build` and
/// `update` write the table of a single-database generation into a file
/// beside its Xapian tables, and a process maps it (mmap, no parsing of the
/// per-document arrays).
///
/// Layout, in the byte order of the host that wrote it: a 64-byte header
/// (magic, format, sizes, a checksum of everything after it); the revision
/// key of the database it was read from, the slots it holds and each slot's
/// labels; then, 8-byte aligned, the rows (per document a code per slot and
/// the near-duplicate group) and the dates (days per document).
///
/// A file is used only when its magic, format, byte order, size and checksum
/// are right, it was read from this very revision of this database (UUID,
/// revision, document count, last docid) and holds the slots asked for.
/// Anything else (no file, stale after an update, another database's,
/// truncated, corrupt) falls back to reading the value streams, with a debug
/// log saying why: never a wrong count.
///
/// @code
///   news::searcher::write_facet_file(generation_dir);      // news-index, after commit
///   auto table = news::searcher::load_facet_table(db, generation_dir);  // mapped, or read
/// @endcode

#include "searcher/facets.hpp"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace news::searcher {

/// A fast 64-bit checksum of the files written beside a database (four
/// independent lanes of rotate-xor-multiply, each step a bijection, so that
/// any changed word changes the result).
std::uint64_t file_checksum(const unsigned char* p, size_t n);

/// A file mapped read-only whole: `bytes` is null and `error` says why when
/// it cannot be opened, is shorter than `min_bytes`, or cannot be mapped.
struct MappedFile {
    std::shared_ptr<const void> mapping;  ///< unmaps when the last holder goes
    const unsigned char* bytes = nullptr;
    size_t size = 0;
    std::string error;
};
MappedFile map_file(const std::filesystem::path& file, size_t min_bytes);

/// The facet file's name inside a database directory.
inline constexpr const char* kFacetFileName = "news-facets";

/// Writing and mapping facet files (a friend of FacetTable).
class FacetFile {
  public:
    /// Write `table` as `dir`/kFacetFileName: a temporary file renamed into
    /// place, so that a reader maps the old file or the new one. Throws
    /// std::runtime_error when it cannot be written.
    static void write(const FacetTable& table, const std::filesystem::path& dir);

    /// The table of the facet file in `dir`, mapped, when it is valid for
    /// `db` and these slots (see above); nullptr, with a debug log saying
    /// why, otherwise.
    static std::shared_ptr<const FacetTable> map(const std::filesystem::path& dir, const Xapian::Database& db,
                                                 const std::vector<FacetSlot>& slots, Xapian::valueno dup_slot,
                                                 Xapian::valueno date_slot);
};

/// The schema's facet table of `db` (schema_facet_slots(), the duplicate key
/// and the dates): mapped from the facet file in `dir` (the database's
/// directory; none when empty) when it is valid, else read from the value streams.
std::shared_ptr<const FacetTable> load_facet_table(const Xapian::Database& db, const std::string& dir);

/// Read the schema's facet table of the database in `dir` and write it there
/// (news-index, once a build's or an update's commit is done). Throws
/// std::runtime_error or Xapian::Error.
void write_facet_file(const std::filesystem::path& dir);

}  // namespace news::searcher
