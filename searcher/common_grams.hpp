#pragma once
/// Quoted phrases answered from the common grams (schema::kGramPrefix).
///
/// The index holds each pair of adjacent words with a gram stem
/// ("in wien", "stadt in") as a term without positions or wdf. A phrase of
/// two words one of which is a gram stem matches exactly the documents of
/// that gram, so it becomes its words' AND filtered by the gram: no
/// positions are read, and the words weigh what the phrase weighed (Xapian
/// weighs a phrase as the AND of its words; the gram, a filter, weighs
/// nothing). A longer phrase keeps its position check, behind the filter
/// of its grams. Matches, weights and order stay those of the phrase.
///
/// Only the query that runs is rewritten: the query the searcher keeps
/// (for snippets, --explain, the ranking boosts) still holds the phrase,
/// so grams never show there; --like expands on free-text terms only.

#include <xapian.h>

namespace news::searcher {

/// `query` with every quoted phrase of unprefixed terms that has a gram
/// stem rewritten as above (inside AND, OR, AND_NOT, FILTER and AND_MAYBE;
/// elsewhere a phrase stays as it is). Returns `query` itself when nothing
/// changes.
Xapian::Query with_common_grams(const Xapian::Query& query);

}  // namespace news::searcher
