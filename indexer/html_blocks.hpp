#pragma once
/// Block stage of the HTML extractor: inside the chosen container, drops what
/// is not the article's own text and serialises the rest. Headings, lists,
/// tables and quotes stay; lists and blocks made mostly of links, the teaser
/// sections that follow a "Mehr News" / "Weitere Artikel" heading, lone
/// advertisement labels and repeated paragraphs go.

#include "indexer/html_report.hpp"

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace news::indexer::html {

/// Drop link lists, teaser sections and advertisement labels below `container`.
void prune_container(xmlNode* container, ExtractionReport* report = nullptr);

/// Remove the container's first <h1> when it repeats the title: the title
/// is a field of its own, not part of the body. True when the container has an <h1>.
bool remove_title_heading(xmlNode* container, const std::string& title);

/// The text of the containers, paragraphs separated by "\n\n"; a paragraph
/// that repeats an earlier one (a pull quote, a teaser shown twice) is kept once.
std::string article_text(const std::vector<xmlNode*>& containers);

/// True for a heading that opens a list of other articles or comments
/// ("Mehr News", "Das könnte Sie auch interessieren", "Related articles").
bool is_teaser_heading_text(const std::string& heading);

}  // namespace news::indexer::html
