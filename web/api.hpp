#pragma once
/// The JSON API beside the page: /api/search (the document of
/// `news-search --format json`, searcher::to_json), /api/suggest, /healthz,
/// error bodies, and the OpenSearch description.

#include "searcher/searcher.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace news::web {

/// {"error": message, "status": status[, "parameter": param]}.
nlohmann::ordered_json error_json(int status, const std::string& message, const std::string& param = "");

/// Completions of the last word of `query` ("Metropolregion Hamb" →
/// "Metropolregion Hamburg", …), most frequent first, the first letter in the
/// case the user typed it; none when the query ends in a space or the last
/// word is shorter than `min_chars` characters.
std::vector<std::string> complete_query(searcher::Searcher& searcher, const std::string& query, unsigned limit,
                                        size_t min_chars = 2);

/// {"query": …, "suggestions": […]}, or with `opensearch` the OpenSearch
/// suggestions format [query, [completions…]].
nlohmann::ordered_json suggest_json(const std::string& query, const std::vector<std::string>& completions,
                                    bool opensearch);

/// The health document: status, documents, built_at, uptime_s.
nlohmann::ordered_json health_json(const searcher::Searcher& searcher, double uptime_s);

/// The OpenSearch description; `origin` ("http://host:port") and `base` (the
/// page's path prefix) are XML-escaped into its URL templates.
std::string opensearch_xml(const std::string& origin, const std::string& base);

}  // namespace news::web
