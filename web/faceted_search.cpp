#include "web/faceted_search.hpp"

#include <chrono>
#include <initializer_list>

namespace news::web {

namespace {

/// Facet counts of `req` with one filter cleared (by `clear`), copied into
/// `into` for `names`; false when nothing is left to search (no words, no
/// other filter): the plain counts then stand.
template <class Clear>
bool facet_without(searcher::Searcher& searcher, searcher::SearchRequest req, Clear clear,
                   std::initializer_list<const char*> names, searcher::SearchResult& into) {
    clear(req);
    if (req.query.empty() && req.regions.empty() && req.topics.empty() && req.from.empty() && req.to.empty())
        return false;
    req.offset = 0;
    req.limit = 0;
    req.snippets = false;
    req.spelling = false;
    searcher::SearchResult counts = searcher.search(req);
    for (const char* name : names) into.facets[name] = std::move(counts.facets[name]);
    return true;
}

}  // namespace

searcher::SearchResult search_with_facets(searcher::Searcher& searcher, const searcher::SearchRequest& req) {
    const auto start = std::chrono::steady_clock::now();
    searcher::SearchResult r = searcher.search(req);
    if (req.facets) {
        using Req = searcher::SearchRequest;
        if (!req.regions.empty()) facet_without(searcher, req, [](Req& q) { q.regions.clear(); }, {"region"}, r);
        if (!req.topics.empty()) facet_without(searcher, req, [](Req& q) { q.topics.clear(); }, {"topic"}, r);
        // The timeline shows the date filter on the whole range: year and
        // month leave the dates out, as region and topic their own filter.
        if (!req.from.empty() || !req.to.empty())
            facet_without(searcher, req, [](Req& q) { q.from.clear(); q.to.clear(); }, {"year", "month"}, r);
    }
    r.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return r;
}

}  // namespace news::web
