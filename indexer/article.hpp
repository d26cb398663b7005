#pragma once
/// An article as the indexer reads it from a file, before it becomes a
/// Xapian document.

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace news::indexer {

struct Article {
    std::string id;      ///< stable id: canonical URL, else path relative to the source root
    std::string url;
    std::string title;
    std::string lead;    ///< teaser / description
    std::string body;    ///< main text, paragraphs separated by "\n\n"
    std::string author;  ///< several authors joined by ", "
    std::string date;    ///< YYYY-MM-DD, or empty when unknown
    std::vector<std::string> regions;  ///< canonical labels (schema vocabulary)
    std::vector<std::string> topics;   ///< canonical labels (schema vocabulary)
    /// Regions of the places the article names (schema gazetteer), kept apart
    /// from the publisher's; `regions` falls back to them when it is empty.
    std::vector<std::string> place_regions;
    std::string path;    ///< source file relative to its source root
};

/// The inspect JSON: id, url, title, lead, body, author, date, regions,
/// topics, place_regions, path (without body when `with_body` is false).
nlohmann::json to_json(const Article& a, bool with_body = true);

/// What reading one file gave: its articles, or why it was skipped.
struct ReadResult {
    std::vector<Article> articles;
    std::string error;  ///< non-empty: the file is skipped for this reason
    bool ok() const { return error.empty(); }
};

}  // namespace news::indexer
