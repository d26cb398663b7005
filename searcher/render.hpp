#pragma once
/// Output of search results: the JSON document shared by news-search
/// --format json and the HTTP API, text for people, CSV for export.

#include "searcher/search_types.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace news::searcher {

/// Keys: total, total_exact, offset, limit, took_ms, query, suggestion,
/// hits[{rank,id,url,title,date,regions,topics,score,percent,snippet,path}],
/// facets{region,topic,place_region,year,month: [{value,count}]},
/// timeline{unit, bars[{period,from,to,count}]} (when facets has month; see timeline.hpp).
nlohmann::ordered_json to_json(const SearchResult& r);

/// Serialise JSON safely (invalid UTF-8 replaced, never thrown).
std::string dump_json(const nlohmann::ordered_json& j, int indent = -1);

/// A readable listing for a terminal (facets without `month`, the timeline's counts).
void write_text(std::ostream& out, const SearchResult& r);

/// CSV (RFC 4180): header line, then one line per hit.
void write_csv_header(std::ostream& out);
void write_csv_row(std::ostream& out, const Hit& h);

}  // namespace news::searcher
