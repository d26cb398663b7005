#pragma once
/// Turns the user's query string and filters into a Xapian::Query, with the
/// query language of the archive:
///   words in any inflection, "phrases", AND/OR/NOT, +/-, (parentheses),
///   titel:/title:, autor:/author:, lead:, region:, thema:/topic:, id:,
///   jahr:/year:2024, trailing wildcards (Fachkr*), and date ranges
///   datum:2024-01-01..2024-12-31 (or date:).
/// Every field name and prefix comes from the schema.

#include "schema/analysis.hpp"
#include "searcher/search_types.hpp"

#include <xapian.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace news::searcher {

/// Wildcards ("Fachkr*") are bounded before the search runs, so that no
/// query expands into thousands of words: a query holds at most
/// kMaxWildcards of them, each may stand for at most kMaxWildcardWords words
/// of the index (else QueryError, Reason::TOO_BROAD), and each is searched as
/// its kWildcardExpansion most frequent words.
inline constexpr unsigned kMaxWildcards = 4;
inline constexpr unsigned kMaxWildcardWords = 2000;
inline constexpr unsigned kWildcardExpansion = 100;

/// A compound split on the query side also finds its parts apart, within
/// this many words more than the parts ("Konzept für den Klimaschutz"),
/// at this share of the weight.
inline constexpr Xapian::termcount kCompoundNearGap = 4;
inline constexpr double kCompoundNearWeight = 0.5;

/// Spelling correction looks up at most this many words of one query.
inline constexpr unsigned kMaxSpellingLookups = 8;

struct BuiltQuery {
    Xapian::Query query;           ///< words and field queries (MatchAll when browsing)
    Xapian::Query filter;          ///< region/topic/date filters (empty query when none)
    bool has_words = false;        ///< false: browse by filters only
    std::string corrected;         ///< spelling-corrected query string, "" when none
    std::vector<std::string> wildcard_prefixes;  ///< folded prefixes of "word*" terms, for highlighting
    unsigned wildcard_terms = 0;   ///< words the wildcards are searched as
};

class QueryBuilder {
  public:
    /// `db` is used for wildcard expansion and spelling correction; the
    /// profile is the one the index was built with.
    explicit QueryBuilder(const Xapian::Database& db,
                          schema::AnalysisProfile profile = schema::AnalysisProfile::FULL,
                          std::shared_ptr<const schema::UmlautFolds> folds = nullptr);

    /// Throws QueryError for a syntax error, an empty request, or a
    /// wildcard that stands for too many words (see kMaxWildcardWords).
    BuiltQuery build(const SearchRequest& req);

    /// The Xapian description of a query string alone (golden tests).
    std::string describe(const std::string& query);

    /// The words the query's wildcards will be searched as (its cost, for
    /// admission); throws QueryError(TOO_BROAD) as build() would.
    unsigned wildcard_terms(const std::string& query) const;

    /// The query with each word the index never saw replaced by its closest
    /// indexed word ("Fachkräftesicherng" → "Fachkräftesicherung"); "" when
    /// nothing was corrected.
    std::string correct_spelling(const std::string& query) const;

    /// The query string as the parser gets it (FULL: gender forms, synonyms).
    std::string prepare(const std::string& query) const;

    /// The parts a query word is searched as (kompositum:): the word lists'
    /// split, else modifier + a noun the lists know as head where the
    /// modifier is a word of the archive ("Flamingoküken"); empty when none.
    std::vector<std::string> compound_parts(const std::string& word) const;

    /// Where the word lists come from on first use (e.g. a file mapped by the
    /// Searcher); when it gives none, the index's metadata as before.
    void set_word_list_source(std::function<std::shared_ptr<const schema::Decompounder>()> source) {
        m_list_source = std::move(source);
    }

  private:
    Xapian::QueryParser make_parser() const;
    /// The compound splitter's word lists: the index's compact copy, else
    /// the Debian lists parsed (an index built before they were stored).
    std::shared_ptr<const schema::Decompounder> word_lists() const;
    /// The parser, set up once (prefixes, stemmer, stopwords) and reused.
    Xapian::QueryParser& parser();
    Xapian::Database m_db;
    schema::GermanAnalyzer m_analyzer;
    std::optional<Xapian::QueryParser> m_parser;
    mutable std::shared_ptr<const schema::Decompounder> m_lists;  ///< set on first use (like the parser)
    std::function<std::shared_ptr<const schema::Decompounder>()> m_list_source;
};

/// YYYY-MM-DD → YYYYMMDD; throws QueryError for anything but a real date.
std::string date_value(const std::string& date, const char* what);

}  // namespace news::searcher
