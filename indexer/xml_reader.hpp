#pragma once
/// Reads XML files with libxml2 under safe options (no network, no DTD
/// loading, no entity substitution): the project's archive format
/// (docs/archive-format.md), RSS 2.0 and Atom feeds.

#include "indexer/article.hpp"

#include <string>
#include <string_view>

namespace news::indexer {

/// Articles of one XML file: `<article>`, `<articles>`, `<rss>` or `<feed>`.
/// Not well-formed XML, an unknown root element or hostile entity
/// declarations give an error (the file is skipped).
ReadResult read_xml(std::string_view bytes, const std::string& relpath);

/// Refuse every external entity or DTD libxml2 might try to load; call once
/// at start-up, before any thread parses.
void install_safe_xml_loader();

}  // namespace news::indexer
