#pragma once
/// German text analysis, built once here for both indexer and searcher so the
/// two can never disagree.
///
/// Chain: Xapian's tokenizer (TermGenerator / QueryParser) → Unicode lower case
/// → stopwords (queries only; phrases keep them) → German stemmer "german2"
/// (normalises ä/ae, ö/oe, ü/ue, ß/ss) applied to every word.
///
/// Xapian's default strategy (STEM_SOME) leaves capitalised words unstemmed,
/// taking them for proper nouns; in German that is every noun, so
/// "Metropolregionen" would not find "Metropolregion". We use STEM_ALL at both
/// ends instead: every word becomes its stem, with positions, so phrases match
/// stem by stem and the index holds one term per word.
///
/// Usage:
/// @code
///   news::schema::GermanAnalyzer analyzer;
///   Xapian::TermGenerator tg;  analyzer.configure(tg);
///   Xapian::QueryParser qp;    analyzer.configure(qp);
/// @endcode

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>

namespace news::schema {

/// Stored in every database; the searcher refuses another analysis.
inline constexpr std::string_view kAnalyzerVersion = "de-german2-stemall-1";

class GermanAnalyzer {
  public:
    GermanAnalyzer();

    /// Set stemmer and strategy on a term generator (no stopper: the index
    /// keeps every word so that phrases with "der", "die" still match).
    void configure(Xapian::TermGenerator& tg) const;

    /// Set stemmer, strategy and stopper on a query parser.
    void configure(Xapian::QueryParser& qp) const;

    /// The term a single word becomes (lower-cased, stemmed).
    std::string term(std::string_view word) const;

    /// True for a German stopword (expects lower case).
    bool is_stopword(const std::string& lower_word) const;

    const Xapian::Stem& stemmer() const { return m_stem; }

  private:
    Xapian::Stem m_stem;
    std::unordered_set<std::string> m_stopwords;
};

}  // namespace news::schema
