#pragma once
/// Small helpers for writing the German HTML page safely.

#include <cstdint>
#include <string>
#include <string_view>

namespace news::web {

/// Text or attribute value: &, <, >, " and ' escaped (searcher::escape_html).
std::string html(std::string_view s);

/// "2024-11-21" → "21.11.2024"; anything else comes back unchanged.
std::string german_date(std::string_view iso);

/// "2024-11-21" → "21. November 2024" (an article's date, as German
/// newspapers print it); anything else comes back unchanged.
std::string german_long_date(std::string_view iso);

/// "2024-11" → "November 2024"; anything else comes back unchanged.
std::string german_month(std::string_view year_month);

/// 1234567 → "1.234.567" (German digit grouping).
std::string german_number(std::uint64_t n);

/// True for an absolute http(s) URL that is safe to put in href
/// (no javascript:, data: or other schemes, no control characters).
bool is_web_url(std::string_view url);

}  // namespace news::web
