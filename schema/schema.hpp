#pragma once
/// The one description of an indexed article: which field goes to which term
/// prefix and value slot, how it is searched, filtered, faceted and sorted.
///
/// Indexer and searcher both loop over fields(): the indexer to add terms and
/// values, the searcher to register query prefixes, filters and facets.
/// Adding a field is one entry in schema.cpp.
///
/// Term prefixes follow Xapian's convention: single capitals as in Omega
/// (Q unique id, S title, A author, D/M/Y dates, U url), our own start with X.

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::schema {

class Vocabulary;

/// Value slots. Multi-valued fields store their labels joined by kListSeparator.
enum class Slot : Xapian::valueno {
    DATE = 0,    ///< "YYYYMMDD": sort and range filter
    YEAR = 1,    ///< "YYYY": facet
    MONTH = 2,   ///< "YYYY-MM": facet
    REGION = 3,  ///< canonical region labels: facet
    TOPIC = 4,   ///< canonical topic labels: facet
    DUPKEY = 5,  ///< near-duplicate signature of the body: collapse key
    PLACE_REGION = 6,  ///< regions of the places an article names: facet
};

constexpr Xapian::valueno slot(Slot s) { return static_cast<Xapian::valueno>(s); }

/// Separator of several labels in one value slot.
constexpr char kListSeparator = '\x1f';

enum class FieldKind {
    ID,       ///< unique boolean term, one per document
    TEXT,     ///< free text: stemmed, positional, weighted
    KEYWORD,  ///< boolean filter terms from a (controlled) value
    DATE,     ///< YYYY-MM-DD: value slots and boolean terms
    STORED,   ///< only stored in the document data
};

struct Field {
    std::string_view name;                     ///< JSON key and canonical name
    FieldKind kind;
    std::string_view prefix;                   ///< term prefix ("" = none)
    std::vector<std::string_view> query_names; ///< names usable as "name:" in queries
    Xapian::termcount weight = 1;              ///< wdf increment of TEXT in the unprefixed index
    /// TEXT with a prefix: whether the prefixed copy keeps word positions.
    /// Without them the index is smaller and builds faster, and the
    /// searcher answers `name:"a phrase"` as the words in the field plus
    /// the phrase in the unprefixed text (see expand_field_phrases).
    bool prefix_positions = true;
    bool multi = false;                        ///< several values per article
    std::optional<Slot> slot;                  ///< value slot (facet / sort)
    bool facet = false;                        ///< counted in search results
    std::string_view facet_name;               ///< key of its counts in results ("region")
    const Vocabulary* vocabulary = nullptr;    ///< normalises KEYWORD values
};

/// All fields, in indexing order.
const std::vector<Field>& fields();

/// The field with this name, or nullptr.
const Field* find_field(std::string_view name);

/// Term prefix of the file an article came from (several articles may share one).
inline constexpr std::string_view kSourcePrefix = "XFILE";
/// Date terms: D + YYYYMMDD, M + YYYYMM, Y + YYYY (Omega's convention).
inline constexpr std::string_view kDayPrefix = "D";
inline constexpr std::string_view kMonthPrefix = "M";
inline constexpr std::string_view kYearPrefix = "Y";

/// Xapian limits a term to 245 bytes; longer terms are shortened with a hash.
std::string make_term(std::string_view prefix, std::string_view value);

/// Metadata keys stored in the database by the indexer and checked by the searcher.
inline constexpr std::string_view kMetaSchemaVersion = "news:schema_version";
inline constexpr std::string_view kMetaBuiltAt = "news:built_at";
inline constexpr std::string_view kMetaSources = "news:sources";
inline constexpr std::string_view kMetaAnalysis = "news:analysis";  ///< "full" or "basic"
/// The plural umlauts the FULL stemmer folds (schema::UmlautFolds::serialise()).
inline constexpr std::string_view kMetaUmlautFolds = "news:umlaut_folds";

/// The common grams' stems the index holds (schema::gram_stems_text()); without
/// it (or with another list) the searcher checks phrases by their positions.
inline constexpr std::string_view kMetaCommonGrams = "news:common_grams";

/// Bumped whenever fields, prefixes or analysis change incompatibly.
std::string schema_version();

}  // namespace news::schema

namespace news::schema {

/// Database used when no --db is given: $NEWS_DB, else "var/news.db"
/// relative to the working directory.
std::string default_db_path();

}  // namespace news::schema
