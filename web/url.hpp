#pragma once
/// Percent-encoding and query strings (application/x-www-form-urlencoded),
/// the same for the HTTP service and the CGI program.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::web {

/// Query parameters in the order given; a name may repeat (region=…&region=…).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Decode %XX escapes, and '+' as a space when `plus_is_space` (query strings).
/// A malformed escape ("%G1", a lone "%") is kept as it stands.
std::string percent_decode(std::string_view s, bool plus_is_space);

/// Encode everything but unreserved characters (RFC 3986: A-Z a-z 0-9 - . _ ~).
std::string percent_encode(std::string_view s);

/// Split "a=1&b=x+y&a=2" into decoded pairs; empty segments are skipped,
/// "name" without '=' gives an empty value.
QueryParams parse_query_string(std::string_view query);

/// The inverse: "a=1&b=x%20y&a=2" ("" for no parameters).
std::string build_query_string(const QueryParams& params);

/// All values of a parameter, in order.
std::vector<std::string> param_values(const QueryParams& params, std::string_view name);

/// The first value of a parameter, or nullptr when absent.
const std::string* param_value(const QueryParams& params, std::string_view name);

}  // namespace news::web
