#pragma once
/// Parts of the search page shared by page.cpp and page_results.cpp (internal).

#include "web/page.hpp"

#include <string>

namespace news::web::parts {

/// `params` with page 1 and one change applied.
SearchParams first_page(SearchParams params);

/// href="…" value for a search (escaped).
std::string href(const PageContext& ctx, const SearchParams& p);

/// Hidden inputs that carry the filters (and sort, size) through a form;
/// `with_dates` false for the form that edits the dates itself.
std::string hidden_filters(const PageContext& ctx, const SearchParams& p, bool with_dates);

/// The list of active filters with a link removing each, "" when none.
std::string active_filters(const PageContext& ctx, const SearchParams& p);

/// The timeline of the matches over time (inline SVG and a table), "" when
/// no match has a date (page_timeline.cpp).
std::string timeline(const PageContext& ctx, const SearchParams& p, const searcher::SearchResult& r);

/// The body of the Suchtipps page (page_help.cpp).
std::string help(const PageContext& ctx);

/// The result part of the page: hits or the no-results help, facets, paging.
std::string results(const PageContext& ctx, const SearchParams& p, const searcher::SearchResult& r);

}  // namespace news::web::parts
