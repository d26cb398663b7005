#pragma once
/// The documents each positional part of a query matches, found once.
///
/// A compound ("Wahlkampf") is searched as the word, its parts as a phrase
/// and its parts near each other; a several-word search holds one such
/// OR per compound. Xapian checks the positions of every document that has
/// all the parts, and it does so in both passes of a search: counting (every
/// match) and ranking (where the phrase and NEAR keep it from stopping
/// early, since they could add weight to any document with the parts).
/// Most of a compound search's time went there, for phrases that match
/// few documents or none.
///
/// So each PHRASE and NEAR (outside SYNONYM and the like) is matched once,
/// alone and weightless; then the
/// counting walk reads those documents as a posting list, and the ranked
/// pass checks positions only on them: a PHRASE or NEAR that matched no
/// document becomes FILTER(itself, an empty posting source), one that
/// matched a few FILTER(itself, their id terms). Matches, weights and
/// percentages stay what they were: the words stay in the query, and a
/// filter of terms counts for nothing in Xapian's percentages (a posting
/// source that matches would count as a matching part, so larger sets
/// keep their part as it is).
///
/// @code
///   PositionalSets sets(db, counting_query, deadline);
///   if (sets.complete()) walk_matches(db, counting_query, fn, deadline, nullptr, {.positional = &sets});
///   enquire.set_query(sets.narrow(ranked_query));
/// @endcode

#include <xapian.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace news::searcher {

class PositionalSets {
  public:
    /// Matches the positional parts of `query`; complete() is false when
    /// the deadline cut a match short (then nothing may be used).
    PositionalSets(const Xapian::Database& db, const Xapian::Query& query,
                   std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max());

    bool complete() const { return m_complete; }
    bool empty() const { return m_sets.empty(); }
    /// The documents (ascending) of a PHRASE or NEAR of the query; null for any other query.
    const std::vector<Xapian::docid>* find(const Xapian::Query& part) const;
    /// `query` with each PHRASE and NEAR of at most kFilterMax documents as
    /// FILTER(part, its documents), where it can be rebuilt (below AND, OR,
    /// AND_NOT, FILTER, AND_MAYBE and SCALE_WEIGHT); the rest as it is.
    Xapian::Query narrow(const Xapian::Query& query) const;

    /// Sets of more documents than this keep their part unfiltered for ranking.
    static constexpr size_t kFilterMax = 64;

  private:
    std::map<std::string, std::vector<Xapian::docid>> m_sets;  ///< by the part's description
    std::map<std::string, Xapian::Query> m_filters;            ///< the ranked pass's filter of a part
    bool m_complete = true;
};

}  // namespace news::searcher
