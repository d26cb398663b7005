#pragma once
/// Every document a query matches, read straight from its posting lists.
///
/// Facet counts need the whole match set. For the shapes most searches
/// have (words, their AND/OR, NOT, field and filter terms, all documents)
/// walking the posting lists directly costs a fraction of a weightless
/// Enquire pass, which builds a Document for each match to hand it to a
/// MatchSpy. Anything else (phrases, NEAR, value ranges, wildcards,
/// posting sources) is left to Enquire: walk_matches() then returns false
/// without calling `fn`.
///
/// @code
///   bool walked = walk_matches(db, query, [&](Xapian::docid did) { counter.add(did); });
///   if (!walked) { /* Enquire with a MatchSpy */ }
/// @endcode

#include <xapian.h>

#include <chrono>
#include <functional>

namespace news::searcher {

/// Calls fn(docid) for each document `query` matches, in docid order, and
/// returns true; returns false at once when the query has a part it cannot
/// walk (the caller then asks Enquire). The walk stops early at `deadline`
/// (looked at every few thousand documents) and sets `*timed_out`.
bool walk_matches(const Xapian::Database& db, const Xapian::Query& query,
                  const std::function<void(Xapian::docid)>& fn,
                  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max(),
                  bool* timed_out = nullptr);

/// Whether walk_matches() can walk `query` (no posting lists opened).
bool can_walk(const Xapian::Query& query);

}  // namespace news::searcher
