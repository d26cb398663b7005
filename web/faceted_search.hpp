#pragma once
/// One search as the page and the API run it.

#include "searcher/searcher.hpp"

namespace news::web {

/// Search with facet counts that honour the *other* filters: region counts
/// are taken without the region filter, topic counts without the topic
/// filter (both are "any of" filters, so a reader sees what choosing one
/// more value would add); year and month counts (the timeline) are taken
/// without the date range, so that the timeline shows it within the whole
/// span. Without filters this is one plain Searcher::search().
/// Throws what Searcher::search throws.
searcher::SearchResult search_with_facets(searcher::Searcher& searcher, const searcher::SearchRequest& req);

}  // namespace news::web
