#pragma once
/// What readers searched for over a period, read from the Store: the tables
/// of `news-search stats` and of news-searchd's /statistik page.
///
/// Queries are counted under their text only on the days they reached the
/// minimum count (k); searches of rare queries appear in the totals and the
/// per-day figures, never by name.

#include "stats/store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace news::stats {

struct QueryRow {
    std::string query;
    std::uint64_t searches = 0, with_hits = 0, clicks = 0;
    std::uint64_t without_hits() const { return searches - with_hits; }
};

struct RankRow {
    unsigned rank = 0;
    std::uint64_t clicks = 0;
    double rate = 0;  ///< clicks / searches with hits in the period
};

struct DayRow {
    std::string day;
    std::uint64_t searches = 0, with_hits = 0, clicks = 0;
};

/// A zero-hit query and what would have found articles (see zero_hits.hpp).
struct ZeroHitHelp {
    std::string suggestion;      ///< the spelling suggestion, "" when none
    std::uint64_t suggestion_hits = 0;
    std::string synonym_query;   ///< the query with a synonym, "" when none helps
    std::uint64_t synonym_hits = 0;
};

struct Report {
    std::string from, to;  ///< the period, days inclusive
    std::uint64_t searches = 0, with_hits = 0, clicks = 0;
    std::uint64_t rare_searches = 0;   ///< searches of queries below the minimum count
    std::vector<QueryRow> top;         ///< most searched
    std::vector<QueryRow> zero_hits;   ///< most searched without a hit
    std::vector<QueryRow> no_clicks;   ///< found something, nobody clicked
    std::vector<RankRow> ranks;        ///< click-through by rank
    std::vector<DayRow> days;          ///< every day of the period, oldest first
    std::vector<ZeroHitHelp> zero_hit_help;  ///< parallel to zero_hits when asked for
};

/// Read the report for [from, to] with at most `limit` rows per query table.
/// Throws StoreError.
Report make_report(Store& store, const std::string& from, const std::string& to, unsigned limit);

nlohmann::ordered_json to_json(const Report& r);
/// Plain text tables for people.
void write_text(std::ostream& out, const Report& r);
/// One CSV table: table,query,rank,day,searches,with_hits,clicks,rate[,suggestion,...].
void write_csv(std::ostream& out, const Report& r);

}  // namespace news::stats
