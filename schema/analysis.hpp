#pragma once
/// German text analysis, built once here for both indexer and searcher so the
/// two can never disagree.
///
/// Chain: Xapian's tokenizer (TermGenerator / QueryParser) → Unicode lower case
/// → stopwords (queries only; phrases keep them) → German stemmer "german2"
/// (normalises ä/ae, ö/oe, ü/ue, ß/ss) applied to every word; the FULL profile
/// keeps the umlauts in the stem (schema/umlaut_stem.hpp: Förderung ≠
/// Forderung) except the plural and comparative ones (Land = Länder).
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

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace news::schema {

/// Stored in every database; the searcher refuses another analysis.
/// The characters for_each_extra_term() and the spelling list take as part
/// of a word (Xapian's word characters but '_').
inline bool is_word_char(unsigned cp) { return cp != '_' && Xapian::Unicode::is_wordchar(cp); }

inline constexpr std::string_view kAnalyzerVersion = "de-german2-umlaut-stemall-grams-4";

/// Prefix of the exact term of an all-capitals word of 2 to 4 letters
/// ("KI" → "XACROki"), so that an acronym in a query matches only acronyms.
inline constexpr std::string_view kAcronymPrefix = "XACRO";

/// Common grams (issue 15): a phrase with a frequent stopword ("in Wien")
/// would check the positions of every document holding both words, and
/// nearly every document holds "in". The index therefore holds each pair of
/// adjacent words of the positional, unprefixed text (the terms a phrase is
/// checked on, title, lead, body and author alike) where one of the two is
/// a gram stem, as one term without positions and without wdf:
/// kGramPrefix + left stem + ' ' + right stem ("XGin wien", "XGstadt in",
/// "XGin der"). A two-word phrase is then its gram's posting list, a longer
/// one is filtered by its grams before its positions are checked; ranking
/// never weighs them (searcher/common_grams.hpp).
inline constexpr std::string_view kGramPrefix = "XG";

/// Whether a term (a stem as the index holds it) is one of the gram stems,
/// the most frequent stopwords chosen by measurement (docs/benchmarks.md,
/// "Common grams"; bench/gram_census.cpp counts their cost). Changing the
/// list changes the index: bump kAnalyzerVersion.
bool is_gram_stem(std::string_view term);

/// The gram stems, space-separated: stored in the index (schema::kMetaCommonGrams);
/// the searcher answers phrases from the grams only when the index's list is this.
std::string gram_stems_text();

/// The gram term of two adjacent terms ("in", "wien" → "XGin wien").
std::string gram_term(std::string_view left, std::string_view right);

/// Adds the common grams of a document whose text the term generator has
/// indexed: every pair of adjacent positional, unprefixed terms with a gram
/// stem on either side, as a term without positions or wdf (document
/// lengths and the words' statistics stay as they were). Read back from
/// the document's own positions, so a gram exists exactly where a phrase
/// check finds the two words side by side.
void add_common_grams(Xapian::Document& doc);

/// The acronym term of a word written in capitals, 2 to 4 letters ("KI",
/// "ÖPNV"); "" for any other word ("Ki", "EuGH", "A380", "NATO-Gipfel").
std::string acronym_term(std::string_view word);

class Decompounder;
class UmlautFolds;

/// BASIC: tokenise, lower-case, stem. FULL adds the German stages:
/// gender-inclusive forms, compound parts, synonyms (query side).
/// The profile is stored in the database; the searcher follows it.
enum class AnalysisProfile { BASIC, FULL };
std::string_view to_string(AnalysisProfile p);
/// "basic" or "full"; throws std::invalid_argument otherwise.
AnalysisProfile parse_profile(std::string_view s);

/// Fold a word the way the stemmer folds its output, without stemming it:
/// lower case, ä/ae → a, ö/oe → o, ü/ue → u (not after q), ß → ss.
std::string fold_like_stem(std::string_view word);

class GermanAnalyzer {
  public:
    /// `compounds` may be null (or empty): no compound splitting. `folds`:
    /// the umlauts the FULL stemmer folds (null: those of `compounds`, or none).
    explicit GermanAnalyzer(AnalysisProfile profile = AnalysisProfile::FULL,
                            std::shared_ptr<const Decompounder> compounds = nullptr,
                            std::shared_ptr<const UmlautFolds> folds = nullptr);

    /// A word's prefix as the stems hold it, not stemmed: FULL
    /// normalise_umlauts(), BASIC fold_like_stem() (wildcards, compound parts).
    std::string fold(std::string_view word) const;

    AnalysisProfile profile() const { return m_profile; }

    /// Text ready for the term generator (FULL: gender forms normalised).
    std::string prepare(std::string_view text) const;

    /// Terms a text adds beyond each word's own stem (FULL: compound parts as
    /// stem and folded form, the base of feminine plurals, the acronym term
    /// of an all-capitals word), once per word.
    void for_each_extra_term(std::string_view text, const std::function<void(const std::string&)>& fn) const;

    /// The extra terms of one word as for_each_extra_term() cuts them
    /// (appended to `out`; nothing for BASIC or a lower-case word).
    void extra_terms(const std::string& word, std::vector<std::string>& out) const;

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
    AnalysisProfile m_profile;
    std::shared_ptr<const Decompounder> m_compounds;
    Xapian::Stem m_stem;
    std::unordered_set<std::string> m_stopwords;
};

}  // namespace news::schema
