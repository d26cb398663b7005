#pragma once
/// Requests and results of the searcher library, shared by news-search,
/// news-searchd and the CGI program.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace news::searcher {

enum class SortOrder { RELEVANCE, DATE_DESC, DATE_ASC };

/// "relevance", "date", "date-asc" → SortOrder; throws QueryError otherwise.
SortOrder parse_sort(const std::string& s);

struct SearchRequest {
    std::string query;                 ///< the user's query ("" with filters: browse)
    std::vector<std::string> regions;  ///< any of these (schema vocabulary, case-insensitive)
    std::vector<std::string> topics;   ///< any of these
    std::string from, to;              ///< YYYY-MM-DD, inclusive
    SortOrder sort = SortOrder::RELEVANCE;
    unsigned offset = 0;
    unsigned limit = 10;
    bool facets = true;                ///< count region/topic/year over the whole match set
    bool snippets = true;
    bool spelling = true;              ///< look for a "did you mean" correction
    bool correct = true;               ///< no hits, but a correction: run the corrected query instead
    unsigned snippet_chars = 240;
    double time_limit_seconds = 0;     ///< 0 = none
    bool recency = false;              ///< boost fresh articles (website: on; archivists: off)
    bool collapse = true;              ///< near-duplicates collapse into one hit
    std::string like;                  ///< id of an article: return the articles most like it
    bool explain = false;              ///< per hit: the weight of each term and boost
};

struct Hit {
    unsigned rank = 0;
    std::string id, url, title, date, path, lead;
    std::vector<std::string> regions, topics;
    double score = 0;    ///< BM25 weight
    int percent = 0;     ///< Xapian's percentage
    std::string snippet; ///< HTML-escaped text, matches wrapped in <mark>
    unsigned similar = 0; ///< near-duplicates collapsed into this hit
    std::vector<std::pair<std::string, double>> explain;  ///< term or boost → weight
};

struct FacetValue {
    std::string value;
    std::uint64_t count = 0;
};

struct SearchResult {
    std::uint64_t total = 0;
    bool total_exact = true;
    unsigned offset = 0, limit = 0;
    std::vector<Hit> hits;
    std::map<std::string, std::vector<FacetValue>> facets;  ///< "region", "topic", "year"
    std::string suggestion;  ///< corrected query, "" when none
    double took_ms = 0;
    std::string query;       ///< as given
    std::string query_ran;   ///< the query that ran: `query`, or its correction (no hits as given)
    std::string corrected_from;  ///< `query` when the correction ran instead, else ""
    /// A cluster answered without some of its parts (they are down or too
    /// slow): hits, total and facets are those of the others, and
    /// total_exact is false.
    bool partial = false;
    std::vector<unsigned> failed_shards;     ///< the parts left out: their place in the cluster file (1-based)
    std::vector<std::string> failed_parts;   ///< their lines (addresses: for operators, not the public)
    unsigned shards = 0;                     ///< a cluster's parts in all (0: not a cluster)
};

/// The query cannot be parsed or the request is invalid (HTTP 400, exit 2).
class QueryError : public std::runtime_error {
  public:
    enum class Reason {
        INVALID,    ///< cannot be parsed, or a bad value
        TOO_BROAD,  ///< a wildcard would expand to too many words
    };
    /// `param`: the request field at fault, named as the web API names it
    /// ("q", "like", "from", "to", "sort").
    explicit QueryError(const std::string& message, std::string param = "q", Reason reason = Reason::INVALID)
        : std::runtime_error(message), m_param(std::move(param)), m_reason(reason) {}
    const std::string& param() const { return m_param; }
    Reason reason() const { return m_reason; }

  private:
    std::string m_param;
    Reason m_reason;
};

/// The index cannot be opened or was built with another analysis (HTTP 503).
class IndexUnavailable : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace news::searcher
