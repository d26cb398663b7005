#pragma once
/// What of a reader's query the statistics keep: its words, analysed the way
/// the search analyses them, with everything that could identify someone
/// taken out.
///
///   - Xapian's operators (AND, OR, NOT, XOR, NEAR, ADJ), +/-, quotes,
///     brackets and field names (`titel:`) are dropped; the words stay.
///   - Words are lower-cased; German stopwords are dropped; a word repeated
///     is kept once, in the order first given.
///   - A token with a digit or an '@' (a date, a phone, file or house
///     number, an e-mail address) becomes `#`; several in a row one `#`.
///   - At most kMaxWords words (a pasted paragraph keeps its first eight);
///     a trailing '*' of a wildcard stays.
///
/// @code
///   normalise_query("Hafen AND \"die Elbe\" 0341-123456")  // "hafen elbe #"
/// @endcode

#include "schema/analysis.hpp"

#include <string>
#include <string_view>

namespace news::stats {

inline constexpr size_t kMaxWords = 8;
/// A word longer than this (bytes) is cut: no identifiers pasted whole.
inline constexpr size_t kMaxWordBytes = 40;

/// The normalised text of a query; "" when nothing countable is left (only
/// stopwords, operators or an empty query).
std::string normalise_query(std::string_view query, const schema::GermanAnalyzer& analyzer);

/// The same with the project's query analysis (its stopwords).
std::string normalise_query(std::string_view query);

}  // namespace news::stats
