#pragma once
/// Cleaning stage of the HTML extractor: removes from the whole page what is
/// never article text, before a container is chosen. Scripts, styles, forms
/// and embedded media go by tag; hidden elements by attribute; navigation,
/// banners, footers and complementary parts by tag and ARIA role; comments,
/// cookie notices, share bars, related lists and captions by class/id hints
/// (html_hints.hpp). Elements that hold most of the page's prose are kept even
/// when a hint or a tag says otherwise: sites wrap whole articles in a
/// "widget", a <form> or an <aside> more often than one would think.

#include "indexer/html_report.hpp"

#include <libxml/tree.h>

namespace news::indexer::html {

/// Remove boilerplate from the document in place. Every removal is recorded
/// in `report` when it is not null.
void clean_page(xmlDoc* doc, ExtractionReport* report = nullptr);

}  // namespace news::indexer::html
