#pragma once
/// Request parameters of the search page and the API, validated into the
/// searcher's SearchRequest. Every limit the public can hit lives in Limits;
/// a violation is a ParamError (HTTP 400 with a JSON error, or the page's
/// German message).
///
/// @code
///   SearchParams p = parse_search_params(parse_query_string("q=Hafen&page=2"), Limits{});
///   searcher::SearchRequest req = p.to_request();   // offset 10, limit 10
/// @endcode

#include "searcher/search_types.hpp"
#include "web/url.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace news::web {

/// What one request may ask for.
struct Limits {
    size_t max_query_bytes = 500;     ///< q (the searcher's own ceiling is higher)
    unsigned default_page_size = 10;
    unsigned max_page_size = 100;
    unsigned max_page = 1000;
    unsigned max_depth = 10000;       ///< page × size: no deeper paging
    size_t max_filter_values = 20;    ///< per repeated parameter (region, topic)
    size_t max_value_bytes = 200;     ///< per filter value
    unsigned default_suggestions = 8;
    unsigned max_suggestions = 20;
};

enum class Problem {
    TOO_LONG,
    NOT_UTF8,
    BAD_NUMBER,
    OUT_OF_RANGE,
    BAD_DATE,
    DATE_ORDER,
    BAD_SORT,
    TOO_MANY_VALUES,
    EMPTY_QUERY,
};

/// A parameter the service refuses (HTTP 400). what() is English, for the API.
class ParamError : public std::runtime_error {
  public:
    ParamError(std::string param, Problem problem, const std::string& message)
        : std::runtime_error(message), m_param(std::move(param)), m_problem(problem) {}
    const std::string& param() const { return m_param; }
    Problem problem() const { return m_problem; }

  private:
    std::string m_param;
    Problem m_problem;
};

/// The same error in German, for the search page.
std::string german_message(const ParamError& e);

/// The search a person asked for, validated and in canonical form: what the
/// page's links and forms carry from one request to the next.
struct SearchParams {
    std::string query;                 ///< trimmed
    std::vector<std::string> regions;  ///< distinct, in the order given
    std::vector<std::string> topics;
    std::string from, to;              ///< YYYY-MM-DD or ""
    std::string sort = "relevance";    ///< relevance, date or date-asc
    unsigned page = 1;                 ///< 1-based
    unsigned size = 10;
    bool recency = true;               ///< fresh articles first among similar ones (recency=0: off)
    bool correct = true;               ///< no hits: run the spelling correction instead (correct=0: off)
    std::string like;                  ///< id of an article: the articles most like it ("more like this")

    /// Neither words nor filters: the page shows its start, the API refuses.
    bool empty() const { return query.empty() && like.empty() && !has_filters(); }
    bool has_filters() const { return !regions.empty() || !topics.empty() || !from.empty() || !to.empty(); }

    /// The parameters that reproduce this search, defaults left out
    /// (page 1, relevance, the default size, recency on).
    QueryParams to_params(unsigned default_size) const;

    /// The searcher's request for this page of hits (facets, snippets and
    /// spelling on; no time limit: the service sets its own).
    searcher::SearchRequest to_request() const;
};

/// Validate q, region, topic, from, to, sort, page, size, recency and correct; unknown
/// parameters are ignored. Throws ParamError.
SearchParams parse_search_params(const QueryParams& params, const Limits& limits);

/// Validate a number parameter (decimal digits only) within [min, max];
/// `fallback` when absent or empty. Throws ParamError.
unsigned parse_number(const QueryParams& params, const std::string& name, unsigned fallback, unsigned min,
                      unsigned max);

/// Throws ParamError(TOO_LONG / NOT_UTF8) for a value the service will not echo or search.
void check_text(const std::string& name, const std::string& value, size_t max_bytes);

}  // namespace news::web
