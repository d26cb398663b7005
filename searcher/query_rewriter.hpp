#pragma once
/// Rewrites the user's query string before Xapian's parser for the FULL
/// analysis profile:
///   - gender-inclusive forms: `Bürger*innen` → `(Bürgerinnen OR Bürger)`
///     (inside a phrase: `Bürgerinnen`),
///   - synonyms and abbreviations: `EMMD` →
///     `(EMMD OR "Europäische Metropolregion Mitteldeutschland")`, and back,
///   - compounds, acronyms and hyphenated nouns (RewriteOptions).
/// Field queries (`titel:…`), wildcards, operators and phrases are left as
/// they are, apart from the gender forms in phrases.

#include "schema/synonyms.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace news::searcher {

/// Field names the rewriter writes for the query builder's processors.
inline constexpr std::string_view kCompoundField = "kompositum";  ///< a compound split on the query side
inline constexpr std::string_view kAcronymField = "akronym";      ///< an all-capitals word: acronyms only

/// Rewrites besides synonyms (FULL profile): `is_compound(word)` says
/// whether a plain capitalised word splits into parts (it then becomes
/// `kompositum:Word`); acronyms (all capitals, 2 to 4 letters) become
/// `akronym:KI`; a hyphenated pair of nouns `Flamingo-Küken` becomes
/// `("Flamingo-Küken" OR Flamingoküken)`.
struct RewriteOptions {
    std::function<bool(const std::string&)> is_compound;
    bool acronyms = false;
};

std::string rewrite_query(std::string_view query, const schema::Synonyms& synonyms,
                          const RewriteOptions& options = {});

/// For every profile: a phrase in a field whose prefixed terms have no
/// positions (schema::Field::prefix_positions), `titel:"a b"`, becomes its
/// words in the field and the phrase in the text, `(titel:a titel:b "a b")`.
/// `fields` are the query names of such fields. A phrase of one word
/// becomes the plain field query; anything else is left as it is.
std::string expand_field_phrases(std::string_view query, const std::vector<std::string>& fields);

}  // namespace news::searcher
