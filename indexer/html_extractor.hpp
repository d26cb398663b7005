#pragma once
/// Reads an HTML page with libxml2's HTML parser (recover mode, no network)
/// and extracts the article: main text without navigation, banners, footers
/// and teasers of other articles, and its metadata in order of trust
/// (JSON-LD, OpenGraph/article meta, <time>, <meta name>, visible page).

#include "indexer/article.hpp"
#include "indexer/html_encoding.hpp"
#include "indexer/html_report.hpp"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace news::indexer {

/// Extract one article from the bytes of an HTML page. `relpath` is the
/// page's path relative to its source root (fallback id, region by path).
/// Returns an error (skip reason) for unparseable pages, pages without article
/// text and pages whose text is mostly links. The stages run in this order:
/// metadata (html_metadata), cleaning (html_clean), container choice
/// (html_container), pruning and serialisation (html_blocks). When `report` is
/// not null it receives the container, the reason and every dropped block.
ReadResult extract_html(std::string_view bytes, const std::string& relpath,
                        html::ExtractionReport* report = nullptr);

/// The extraction report of an HTML file as JSON, for `inspect --details`;
/// null for files that are not HTML or cannot be read.
nlohmann::json explain_html_file(const std::filesystem::path& file);

/// `inspect --details`: the file's article as JSON (an array for several, or
/// {"error": reason} for a skipped file) with an "extraction" object for HTML
/// files: the element taken as the article, why, and the dropped blocks.
nlohmann::json inspect_with_extraction(const std::filesystem::path& file, const ReadResult& result);

/// Plain text of an HTML fragment (feed content, a JSON-LD articleBody
/// written in HTML), paragraphs separated by "\n\n"; with `prune`, link
/// lists and teasers inside it go as they go inside a page's article.
std::string html_fragment_to_text(std::string_view html, bool prune = false);

}  // namespace news::indexer
