#pragma once
/// The German search page, rendered on the server so that it works without
/// JavaScript: search box, hits, facets that add or remove a filter, date
/// range, sort, pagination, "Meinten Sie …?", a helpful page when nothing
/// is found. Everything the user typed is escaped where it is echoed.

#include "searcher/search_types.hpp"
#include "web/params.hpp"

#include <string>
#include <string_view>

namespace news::web {

/// Where the page lives: every link is built from `base`.
struct PageContext {
    std::string base;  ///< "" for news-searchd (links "/?q=…"), SCRIPT_NAME for CGI ("/cgi-bin/x.cgi?q=…")
    Limits limits;
    std::string click_url{};  ///< statistics on: the click beacon's address (klick.js), "" = off

    /// The page itself ("/" or SCRIPT_NAME).
    std::string page_url() const { return base.empty() ? "/" : base; }
    /// A route below the page: base + "/" + route ("static/site.css", "api/suggest").
    std::string route_url(std::string_view route) const { return base + "/" + std::string(route); }
    /// A link to a search (not yet HTML-escaped).
    std::string search_url(const SearchParams& p) const;
};

/// What one page shows.
struct PageModel {
    SearchParams params;                             ///< the search as far as it was understood
    const searcher::SearchResult* result = nullptr;  ///< null: start page, or error page
    std::string error;                               ///< German message: an error page
};

/// The whole HTML document (result and error pages with robots noindex).
std::string render_page(const PageContext& ctx, const PageModel& model);

/// The "Suchtipps" page: the query language in plain German, with examples.
std::string render_help_page(const PageContext& ctx);

}  // namespace news::web
