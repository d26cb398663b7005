#include "searcher/term_cache.hpp"

#include "schema/normaliser.hpp"
#include "schema/text.hpp"

namespace news::searcher {

TermCache::TermCache(schema::AnalysisProfile profile, size_t capacity, std::shared_ptr<const schema::UmlautFolds> folds)
    : m_analyzer(profile, nullptr, std::move(folds)), m_capacity(capacity) {}

std::string TermCache::term(std::string_view word) {
    if (auto it = m_cache.find(word); it != m_cache.end()) return it->second;
    if (m_cache.size() >= m_capacity) m_cache.clear();
    std::string t = m_analyzer.term(word);
    m_cache.emplace(std::string(word), t);
    return t;
}

const WordForms& TermCache::forms(std::string_view word) {
    if (auto it = m_forms.find(word); it != m_forms.end()) return it->second;
    if (m_forms.size() >= m_capacity) m_forms.clear();
    WordForms f;
    std::string w(word);
    // Gender-inclusive forms as the index has them: "BürgerInnen",
    // "Bürger*innen" → "Bürgerinnen", which also matches its base.
    const std::string normal = schema::normalise_gender(w);
    f.term = m_analyzer.term(normal);
    std::string base = schema::gender_base(normal);
    if (!base.empty()) f.base_term = m_analyzer.term(base);
    if (word.size() >= 8) {
        f.folded = m_analyzer.fold(word);
        // A plural umlaut folded in the stem ("Fachkräfte" → "fachkraft")
        // is matched in a compound through the word without umlauts.
        std::string plain = schema::fold_like_stem(word);
        if (plain != f.folded) f.folded_plain = std::move(plain);
    }
    return m_forms.emplace(std::move(w), std::move(f)).first->second;
}

}  // namespace news::searcher
