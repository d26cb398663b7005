#pragma once
/// Container stage of the HTML extractor: on a cleaned page, chooses the
/// element (or the run of sibling elements) that holds the article.
///
/// Semantic markers come first, in order of trust: schema.org
/// `itemprop=articleBody`, CMS class names of the article text
/// ("entry-content", "article-body", html_hints.hpp), `<article>`, `<main>`.
/// A marked element is taken when it holds at least half the prose of the
/// block that text-density scoring finds (so a teaser card marked <article>
/// does not win over the story); else that scored block is taken, with the
/// sibling blocks that continue its prose (readability's idea).

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace news::indexer::html {

/// The article's container: one element, or sibling elements in document order.
struct ContentChoice {
    std::vector<xmlNode*> nodes;  ///< empty: nothing found
    std::string reason;           ///< how it was chosen, for diagnostics
};

/// Choose the article container on a cleaned page.
ContentChoice choose_container(xmlDoc* doc);

/// Length of a paragraph's score in text-density voting: longer paragraphs
/// and more commas (sentences, enumerations) count more. Exposed for tests.
double paragraph_score(std::string_view text);

}  // namespace news::indexer::html
