#pragma once
/// The matches over time, for the timeline above the results and the API's
/// `timeline` key: bars per year, or per month when the matches span two
/// years or less, from the `month` facet's exact counts.
///
/// @code
///   Timeline t = make_timeline(result.facets["month"]);
///   t.unit;           // "month"
///   t.bars.front();   // {"2024-01", "2024-01-01", "2024-01-31", 3}
/// @endcode

#include "searcher/search_types.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace news::searcher {

struct TimelineBar {
    std::string period;    ///< "2024" or "2024-11"
    std::string from, to;  ///< the period's first and last day, YYYY-MM-DD
    std::uint64_t count = 0;
};

struct Timeline {
    std::string unit;  ///< "year" or "month"; "" when no match has a date
    std::vector<TimelineBar> bars;  ///< oldest first, empty periods between included
};

/// Months a timeline shows month by month at most.
inline constexpr int kTimelineMaxMonths = 24;

/// Bars from a `month` facet ("YYYY-MM" values with counts, in any order).
/// Years when the months span more than kTimelineMaxMonths; empty years are
/// left out only when the years span more than a century (a stray date).
Timeline make_timeline(const std::vector<FacetValue>& months);

}  // namespace news::searcher
