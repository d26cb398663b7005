#pragma once
/// Date recognition for article metadata and visible date lines. Every
/// function returns "YYYY-MM-DD" for a real calendar date, else an empty string.

#include <string>
#include <string_view>

namespace news::indexer {

/// "2024-11-21", "2024-11-21T10:00:00+01:00", "2024-11-21 10:00", "20241121".
std::string parse_iso_date(std::string_view s);

/// RFC 822 / 1123 as in RSS: "Thu, 21 Nov 2024 10:00:00 +0100".
std::string parse_rfc822_date(std::string_view s);

/// The first German date in running text: "21. November 2024",
/// "Do, 23. Mai 2019", "21. Nov. 2024", "21.11.2024".
std::string find_german_date(std::string_view text);

/// Any of the above, tried in that order.
std::string parse_any_date(std::string_view s);

/// Check and format a calendar date; empty when invalid (2024-02-30) or
/// outside 1800..2200.
std::string format_date(int year, unsigned month, unsigned day);

}  // namespace news::indexer
