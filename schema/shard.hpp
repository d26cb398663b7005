#pragma once
/// A sharded index: which shard owns an article, and how a sharded
/// generation is laid out on disk (the indexer writes it, the searcher,
/// `news-index status` and the tests read it).
///
/// A generation built with `--shards N` (N > 1) is a directory holding
/// `lexicon/` (a database without documents: the spelling table and every
/// metadata key of the index) and `shard-00` ... `shard-(N-1)` (the
/// documents, each in the shard shard_of() names). The stub lists the
/// lexicon first, since Xapian reads the metadata of a combined database
/// from its first sub-database only.
///
/// @code
///   unsigned owner = news::schema::shard_of("gnad-4711", 3);   // 0, 1 or 2, forever
///   std::string dir = news::schema::shard_dir_name(owner, 3);  // "shard-01"
/// @endcode

#include <cstdint>
#include <string>
#include <string_view>

namespace news::schema {

/// The number of shards, as a decimal ("3"): in the lexicon and every shard.
inline constexpr std::string_view kMetaShards = "news:shards";
/// A shard's own index ("0" ... "N-1"): in every shard.
inline constexpr std::string_view kMetaShard = "news:shard";
/// Directory of the lexicon inside a sharded generation.
inline constexpr std::string_view kLexiconDir = "lexicon";

/// More shards than this are refused (each is a database per build thread).
inline constexpr unsigned kMaxShards = 1000;

/// The FNV-1a 64-bit hash of `bytes` (the shard function's hash, pinned here
/// so that a change elsewhere cannot move articles between shards).
std::uint64_t fnv1a64(std::string_view bytes);

/// The shard (0 ... shards-1) that owns the article with this id (the `id`
/// field, as a search hit shows it): FNV-1a 64 over its bytes, modulo
/// `shards`. Deterministic across runs, machines and versions; 0 when
/// `shards` is 0 or 1.
unsigned shard_of(std::string_view article_id, unsigned shards);

/// Directory name of shard `index` of `shards`: "shard-" and at least two
/// digits ("shard-07"; "shard-123" when there are more than 100).
std::string shard_dir_name(unsigned index, unsigned shards);

}  // namespace news::schema
