#pragma once
/// Diagnostics of the HTML extraction: which element was taken for the
/// article and why, and which blocks were dropped for which reason. Filled
/// only when asked for (`news-index inspect --details`), so that an archivist
/// can see why a page was indexed as it was; costs nothing otherwise.

#include <libxml/tree.h>

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace news::indexer::html {

/// One block removed from the page, with the stage's reason.
struct DroppedBlock {
    std::string element;  ///< "div#id.class", see describe()
    std::string reason;   ///< e.g. "class/id hint 'share'", "link density 0.82"
    std::string text;     ///< the start of its text
    size_t chars = 0;     ///< length of its whole text in bytes, white space collapsed
};

/// What the extraction did with one page.
struct ExtractionReport {
    std::string container;  ///< the element taken as the article, see describe()
    std::string reason;     ///< why it was taken ("itemprop=articleBody", "text density", ...)
    std::string method;     ///< where the body came from: "container", "fallback", "json-ld articleBody"
    double page_link_density = 0;  ///< share of the page's visible text inside links, after cleaning
    std::vector<DroppedBlock> dropped;
    std::string failure;  ///< why the page yields no article, empty when it does
    size_t text_limit = 80;  ///< bytes of each dropped block's text to keep

    /// Record a node about to be removed; `reason` is kept as given.
    void drop(const xmlNode* n, std::string reason);
};

/// Record a dropped node when a report is being kept.
inline void note_drop(ExtractionReport* report, const xmlNode* n, std::string reason) {
    if (report) report->drop(n, std::move(reason));
}

/// A short label of an element: name, id and the first classes ("div#main.article-body").
std::string describe(const xmlNode* n);

/// The report as JSON: container, reason, method, page_link_density, dropped[], failure.
nlohmann::json to_json(const ExtractionReport& r);

}  // namespace news::indexer::html
