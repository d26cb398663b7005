#pragma once
/// Content stage of the HTML extractor: removes what is never article text
/// (scripts, forms, navigation, cookie banners, share bars, teaser lists of
/// other articles) and chooses the element that holds the article.

#include <libxml/tree.h>

#include <string>

namespace news::indexer::html {

struct ContentChoice {
    xmlNode* node = nullptr;  ///< the article container (nullptr: nothing found)
    std::string reason;       ///< how it was chosen, for diagnostics
};

/// Remove boilerplate from the document in place.
void remove_boilerplate(xmlDoc* doc);

/// Choose the article container: schema.org articleBody, <article>, <main>,
/// else the block with the best text-density score.
ContentChoice choose_content(xmlDoc* doc);

/// Inside the chosen container: drop link lists and the teaser sections
/// that follow a "Mehr News" / "Weitere Artikel" heading.
void prune_container(xmlNode* container);

/// Remove the container's first <h1> when it repeats the title: the title
/// is a field of its own, not part of the body.
void remove_title_heading(xmlNode* container, const std::string& title);

}  // namespace news::indexer::html
