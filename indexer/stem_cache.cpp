#include "indexer/stem_cache.hpp"

namespace news::indexer {

StemCache::StemCache(Xapian::Stem stem, size_t capacity) : m_stem(std::move(stem)), m_capacity(capacity) {
    m_cache.reserve(capacity);
}

std::string StemCache::operator()(const std::string& word) {
    auto it = m_cache.find(word);
    if (it != m_cache.end()) return it->second;
    if (m_cache.size() >= m_capacity) m_cache.clear();  // bounded memory, whatever the corpus
    return m_cache.emplace(word, m_stem(word)).first->second;
}

std::string StemCache::get_description() const { return m_stem.get_description(); }

Xapian::Stem make_cached_stem(const Xapian::Stem& stem) {
    return Xapian::Stem(new StemCache(stem));  // reference counted: the Stem owns it
}

}  // namespace news::indexer
