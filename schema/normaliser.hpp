#pragma once
/// Text normalisation before tokenising, the same for indexed text and
/// queries: gender-inclusive forms and hyphens at line breaks.

#include <string>
#include <string_view>

namespace news::schema {

/// "Bürger*innen", "Bürger:innen", "Bürger_innen", "Bürger/-innen" and
/// "BürgerInnen", "Bürger(innen)" become "Bürgerinnen" (also the singular "-in").
std::string normalise_gender(std::string_view text);

/// A hyphen at a line break inside a word is dropped ("Fach-\nkräfte" →
/// "Fachkräfte") unless what follows is a conjunction ("Nord-\nund Süd").
/// Call on text that still has its line breaks.
std::string join_line_break_hyphens(std::string_view text);

/// "Bürgerinnen" → "Bürger": the base of a capitalised feminine plural with
/// at least 4 letters left; "" for anything else.
std::string gender_base(std::string_view word);

}  // namespace news::schema
