#pragma once
/// A stemmer that remembers: German news text repeats its words, and the
/// Snowball stemmer was a tenth of indexing's instructions (callgrind).

#include <xapian.h>

#include <string>
#include <unordered_map>

namespace news::indexer {

/// Wraps a Xapian::Stem with a bounded word → stem cache. Not thread-safe:
/// one per indexing thread (each DocumentBuilder makes its own).
class StemCache : public Xapian::StemImplementation {
  public:
    /// `capacity`: distinct words kept; the cache starts afresh when full.
    explicit StemCache(Xapian::Stem stem, size_t capacity = 200000);

    std::string operator()(const std::string& word) override;
    std::string get_description() const override;

  private:
    Xapian::Stem m_stem;
    size_t m_capacity;
    std::unordered_map<std::string, std::string> m_cache;
};

/// A Xapian::Stem that stems as `stem` does, through a StemCache.
Xapian::Stem make_cached_stem(const Xapian::Stem& stem);

}  // namespace news::indexer
