#include "web/faceted_search.hpp"

#include <chrono>

namespace news::web {

namespace {

/// Facet counts of `req` with one filter list cleared; false when nothing is
/// left to search (no words, no other filter): the plain counts then stand.
bool facet_without(searcher::Searcher& searcher, searcher::SearchRequest req,
                   std::vector<std::string> searcher::SearchRequest::*filter, const std::string& facet,
                   searcher::SearchResult& into) {
    (req.*filter).clear();
    if (req.query.empty() && req.regions.empty() && req.topics.empty() && req.from.empty() && req.to.empty())
        return false;
    req.offset = 0;
    req.limit = 0;
    req.snippets = false;
    req.spelling = false;
    searcher::SearchResult counts = searcher.search(req);
    into.facets[facet] = std::move(counts.facets[facet]);
    return true;
}

}  // namespace

searcher::SearchResult search_with_facets(searcher::Searcher& searcher, const searcher::SearchRequest& req) {
    const auto start = std::chrono::steady_clock::now();
    searcher::SearchResult r = searcher.search(req);
    if (req.facets) {
        if (!req.regions.empty()) facet_without(searcher, req, &searcher::SearchRequest::regions, "region", r);
        if (!req.topics.empty()) facet_without(searcher, req, &searcher::SearchRequest::topics, "topic", r);
    }
    r.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return r;
}

}  // namespace news::web
