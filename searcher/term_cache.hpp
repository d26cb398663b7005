#pragma once
/// The term each word of a text becomes, remembered: snippets look at every
/// word of each hit's text, and news text repeats its words across hits and
/// queries (the stemmer was two fifths of a faceted search's instructions).

#include "schema/analysis.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace news::searcher {

/// What the highlighter compares of a word with a query's terms.
struct WordForms {
    std::string term;       ///< lower-cased and stemmed
    std::string base_term;  ///< term of its gender base ("Bürgerinnen" → "burg"); "" when none
    std::string folded;     ///< folded like a stem, for words of 8 bytes or more (compounds); else ""
    std::string folded_plain;  ///< `folded` with umlauts folded too, when that differs (plural-folded stems); else ""
};

/// Not thread-safe: one per Searcher.
class TermCache {
  public:
    /// `capacity`: distinct words kept; the cache starts afresh when full.
    /// About 200 bytes a word, so at most ~20 MB per Searcher. Smaller
    /// thrashes: the top 10 texts of the 50 bench queries hold more than
    /// 20,000 distinct words (20,000: 9.3 M instructions a faceted search
    /// on 10k, 100,000: 5.7 M).
    explicit TermCache(schema::AnalysisProfile profile = schema::AnalysisProfile::FULL, size_t capacity = 100000,
                       std::shared_ptr<const schema::UmlautFolds> folds = nullptr);

    /// schema::GermanAnalyzer::term(word): lower-cased and stemmed.
    std::string term(std::string_view word);

    /// All forms of a word; the reference is valid until the next call.
    const WordForms& forms(std::string_view word);

    size_t size() const { return m_cache.size() + m_forms.size(); }

  private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    schema::GermanAnalyzer m_analyzer;
    size_t m_capacity;
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> m_cache;
    std::unordered_map<std::string, WordForms, Hash, std::equal_to<>> m_forms;
};

}  // namespace news::searcher
