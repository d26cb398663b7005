#pragma once
/// Every document a query matches, read straight from its posting lists.
///
/// Facet counts need the whole match set. For the shapes most searches
/// have (words, their AND/OR, NOT, field and filter terms, all documents)
/// walking the posting lists directly costs a fraction of a weightless
/// Enquire pass, which builds a Document for each match to hand it to a
/// MatchSpy. Given WalkOptions, it also walks date ranges (from the facet
/// table's days, no value read per document) and wildcards (expanded here,
/// their terms' documents marked in a bitmap, as a wide OR is). Anything
/// else (phrases, NEAR, other value ranges, wildcards past their limit,
/// posting sources) is left to Enquire: walk_matches() then returns false
/// without calling `fn`.
///
/// @code
///   bool walked = walk_matches(db, query, [&](Xapian::docid did) { counter.add(did); });
///   if (!walked) { /* Enquire with a MatchSpy */ }
/// @endcode

#include "searcher/facets.hpp"
#include "searcher/positional_sets.hpp"

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <functional>

namespace news::searcher {

/// What the walk may use beyond posting lists.
struct WalkOptions {
    /// A facet table with each document's date (FacetTable::days()): value
    /// ranges on its date slot whose bounds are YYYYMMDD dates are walked.
    /// The slot must hold only such dates (the indexer writes nothing else
    /// there), so that the order of the days is the order of the values.
    const FacetTable* dates = nullptr;
    /// The expansion limit the query's wildcards were built with (the
    /// QueryParser's): a wildcard of at most this many terms is walked, a
    /// wider one (whose terms the limit chooses) is left to Enquire. 0:
    /// wildcards are left to Enquire.
    Xapian::termcount wildcard_limit = 0;
    /// The documents of the query's PHRASE and NEAR parts, matched before:
    /// those parts are walked from them (others are left to Enquire).
    const PositionalSets* positional = nullptr;
};

/// Calls fn(docid) for each document `query` matches, in docid order, and
/// returns true; returns false at once when the query has a part it cannot
/// walk (the caller then asks Enquire). The walk stops early at `deadline`
/// (looked at every few thousand documents) and sets `*timed_out`.
bool walk_matches(const Xapian::Database& db, const Xapian::Query& query,
                  const std::function<void(Xapian::docid)>& fn,
                  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max(),
                  bool* timed_out = nullptr, const WalkOptions& options = {});

/// [from, to] in days (FacetTable::days()) of a value range (VALUE_RANGE,
/// VALUE_GE, VALUE_LE) on `dates`' date slot whose bounds are YYYYMMDD
/// dates (an open end: the int32 limit); false for any other query.
bool date_range_days(const Xapian::Query& q, const FacetTable& dates, std::int32_t& from, std::int32_t& to);

/// Whether walk_matches() can walk `query` (no posting lists opened; a
/// wildcard counts as walkable when `options` allow wildcards).
bool can_walk(const Xapian::Query& query, const WalkOptions& options = {});

}  // namespace news::searcher
