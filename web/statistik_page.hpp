#pragma once
/// The editors' German statistics page (/statistik): the report's tables
/// and a chart of searches per day drawn on the server as inline SVG (no
/// script, no external file). Every query text is HTML-escaped.

#include "stats/report.hpp"
#include "web/page.hpp"

#include <string>

namespace news::web {

/// The whole HTML document; `message` (German) replaces the tables when set.
std::string render_statistik(const PageContext& ctx, const stats::Report& report, const std::string& message = "");

/// The chart alone: one bar per day, scaled to the busiest day.
std::string searches_chart(const stats::Report& report);

}  // namespace news::web
