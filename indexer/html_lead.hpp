#pragma once
/// Lead stage of the HTML extractor: many templates put the lead paragraph
/// (Vorspann, standfirst, chapô) in the article's header, outside the element
/// that holds the rest of the text. This stage finds such leads before the
/// chosen container, within the same article, so that they are not lost.

#include <libxml/tree.h>

#include <vector>

namespace news::indexer::html {

/// Elements before `container` (the first of the chosen nodes) whose class or
/// id names a lead ("lead", "intro", "standfirst", "vorspann", ...), that lie
/// in the same article (the nearest <article> or <main> above the container,
/// else three levels up), are prose rather than links, and are not already
/// part of the container. In document order.
std::vector<xmlNode*> find_leads(xmlNode* container);

}  // namespace news::indexer::html
