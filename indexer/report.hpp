#pragma once
/// The summaries news-index prints on stdout after a run: text for people,
/// JSON (`--format json`) for programs and monitoring.

#include "indexer/article.hpp"
#include "indexer/indexer.hpp"
#include "indexer/status.hpp"
#include "indexer/updater.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace news::indexer {

void print_build(std::ostream& out, const BuildStats& s, const std::string& db, bool json);

/// JSON keys: mode ("update" or "build"), added, changed, deleted, unchanged,
/// skipped, skipped_files, documents, documents_added, documents_deleted,
/// files, generation, seconds, timings.
void print_update(std::ostream& out, const UpdateStats& s, const std::string& db, bool json);

void print_status(std::ostream& out, const IndexStatus& s, bool json);

/// `inspect`: a file's articles as they would be indexed (JSON: one object,
/// or an array when the file holds several).
void print_articles(std::ostream& out, const std::vector<Article>& articles, bool json);

}  // namespace news::indexer
