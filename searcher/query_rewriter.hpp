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
#include <vector>

namespace news::searcher {

std::string rewrite_query(std::string_view query, const schema::Synonyms& synonyms);

/// For every profile: a phrase in a field whose prefixed terms have no
/// positions (schema::Field::prefix_positions), `titel:"a b"`, becomes its
/// words in the field and the phrase in the text, `(titel:a titel:b "a b")`.
/// `fields` are the query names of such fields. A phrase of one word
/// becomes the plain field query; anything else is left as it is.
std::string expand_field_phrases(std::string_view query, const std::vector<std::string>& fields);

}  // namespace news::searcher
