#pragma once
/// Metadata stage of the HTML extractor: reads JSON-LD, OpenGraph/article
/// meta tags, <meta name>, <time>, microdata, canonical link, <title>, <h1>
/// and breadcrumbs from the whole page, before boilerplate is removed.

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace news::indexer::html {

struct PageMetadata {
    // Candidates, each in the order of trust of its source.
    std::string ld_headline, og_title, title_tag;
    std::vector<std::string> h1s;
    std::string ld_date, meta_date, microdata_date, time_date;  ///< raw date strings
    std::string ld_author, meta_author, microdata_author;
    std::string ld_description, og_description, meta_description;
    std::string ld_body;  ///< JSON-LD articleBody
    std::string canonical, og_url, ld_url;
    std::vector<std::string> regions;  ///< from meta region tags (raw values)
    std::vector<std::string> topics;   ///< meta topic, article:section, articleSection
    std::vector<std::string> breadcrumbs;  ///< link texts of breadcrumb trails
};

/// Collect every metadata candidate from a parsed page.
PageMetadata read_metadata(xmlDoc* doc);

}  // namespace news::indexer::html
