#pragma once
/// Characters and numeric character references that HTML and XML do not
/// allow, replaced before libxml2 parses the text: libxml2 drops such a
/// reference in HTML (the spec reads it as U+FFFD or, for 0x80–0x9F, as the
/// windows-1252 character) and rejects the whole file in XML.

#include <optional>
#include <string>
#include <string_view>

namespace news::indexer {

enum class Markup { HTML, XML };

/// Repair well-formed UTF-8 markup for the parser:
/// - NUL bytes are dropped (a stray NUL in a text page is noise), vertical
///   tabs and form feeds become spaces;
/// - HTML: a reference to NUL, a surrogate (&#xD800;) or a code point above
///   U+10FFFF becomes &#xFFFD;, one to 0x80–0x9F the windows-1252 character
///   it names (&#128; is "€"), as the HTML spec reads them;
/// - XML: C0 controls other than tab, line feed and carriage return become
///   U+FFFD (vertical tab and form feed a space), as do U+FFFE and U+FFFF and
///   references to any character XML does not allow; a reference to
///   0x80–0x9F is read as in HTML (a feed's &#150; is a dash, not a C1
///   control), and an HTML entity XML does not define (&auml;, &nbsp;, as
///   feeds often hold) as its character. Other undefined entities are left
///   for the parser to reject; none is ever expanded from a DTD.
/// nullopt when nothing needs repair (the common case: the caller keeps its bytes).
std::optional<std::string> repair_markup(std::string_view utf8, Markup markup);

}  // namespace news::indexer
