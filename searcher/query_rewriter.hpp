#pragma once
/// Rewrites the user's query string before Xapian's parser for the FULL
/// analysis profile:
///   - gender-inclusive forms: `Bürger*innen` → `(Bürgerinnen OR Bürger)`
///     (inside a phrase: `Bürgerinnen`),
///   - synonyms and abbreviations: `EMMD` →
///     `(EMMD OR "Europäische Metropolregion Mitteldeutschland")`, and back.
/// Field queries (`titel:…`), wildcards, operators and phrases are left as
/// they are, apart from the gender forms in phrases.

#include "schema/synonyms.hpp"

#include <string>
#include <string_view>

namespace news::searcher {

std::string rewrite_query(std::string_view query, const schema::Synonyms& synonyms);

}  // namespace news::searcher
