#pragma once
/// Ranking for news on top of BM25 (title and lead already weigh more at
/// index time):
///   - title and proximity: hits with the query words in the title, as a
///     phrase, or near each other get extra weight (OP_AND_MAYBE, so the
///     match set is unchanged);
///   - recency (optional): a fresh article gets up to kRecencyMaxBoost,
///     halving every kRecencyHalfLifeDays;
///   - more like this: the terms that best describe one article (Xapian's
///     relevance feedback) as a query for its neighbours.

#include <xapian.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace news::searcher {

class FacetTable;

inline constexpr double kRecencyMaxBoost = 2.5;
inline constexpr double kRecencyHalfLifeDays = 365.0;

/// The boosts over a query's free-text words: the words in the title; with
/// two or more words that a top-level AND demands (not synonyms, which are
/// alternatives), their phrase and proximity. None for no words or more
/// than eight.
std::vector<Xapian::Query> ranking_boosts(const Xapian::Query& query);

/// The phrase and proximity boosts of ranking_boosts() alone (each scaled):
/// the ones that read positions. Empty unless two to eight words stand
/// side by side.
std::vector<Xapian::Query> proximity_boosts(const Xapian::Query& query);

/// The query with each of its ranking_boosts() as extra weight (OP_AND_MAYBE,
/// so the match set is unchanged). A quoted phrase, whose every match is
/// the phrase and near, weighs 1.75 times instead of checking positions for
/// those boosts again. With `proximity` false, only the title boost: the
/// first pass of a ranking whose top is then rescored with
/// proximity_boosts() (Searcher::search).
///
/// `phrase_matches`: for a quoted phrase whose matches a counting pass has
/// already found (filters and exclusions applied), the documents that have
/// it; the phrase is then ranked as its words' AND among them, which weighs
/// the same (Xapian weighs a phrase as the AND of its words) without
/// checking positions again.
/// `common_grams`: the index holds the common grams (kMetaCommonGrams), so
/// phrases with a stopword match from them (searcher/common_grams.hpp).
Xapian::Query with_ranking_boosts(const Xapian::Query& query, bool proximity = true,
                                  const std::vector<Xapian::docid>* phrase_matches = nullptr,
                                  bool common_grams = false);

/// True for a quoted phrase of 2 to 8 words (filters and exclusions aside).
bool is_phrase_query(const Xapian::Query& query);

/// A weightless query matching exactly `docids` (in any order): the filter
/// that rescores only the top of a ranking.
Xapian::Query only_documents(std::vector<Xapian::docid> docids);

/// A weightless posting source of `sorted` (ascending docids), even when it
/// is empty (a query that matches nothing, without being MatchNothing, so
/// that the words beside it stay in the query).
Xapian::Query documents_source(std::vector<Xapian::docid> sorted);

/// `query` with each value range on the date slot (from/to, datum:) read
/// from the dates `table` holds instead of the value streams: the same
/// matches and weights (a range weighs nothing), without a value read per
/// candidate (which doubled a ranked search within a year). Ranges under
/// a weight scale, or whose bounds are no dates, stay as they are.
Xapian::Query with_table_dates(const Xapian::Query& query, const std::shared_ptr<const FacetTable>& table);

/// The weight proximity_boosts(query) add to each of `docids` (those
/// without a phrase or near match are left out), as one Enquire per boost
/// filtered to `docids` would give it: the boosts' weight is the weight of
/// their words' AND, so one weighted pass over that AND finds it, and the
/// positions of the words in those documents decide phrase and near. (An
/// Enquire per boost costs more: a phrase or near postlist that is skipped
/// to a document without a match moves on to the next one that matches,
/// checking positions all the way.)
std::unordered_map<Xapian::docid, double> proximity_rescore(const Xapian::Database& db, const Xapian::Query& query,
                                                            const std::vector<Xapian::docid>& docids);

/// The extra-weight query for recency, relative to `today` (YYYYMMDD),
/// reading each candidate's date value.
Xapian::Query recency_boost(const std::string& today);

/// The same weights from the dates `table` holds in memory (a table read
/// with the date slot).
Xapian::Query recency_boost(std::shared_ptr<const FacetTable> table, const std::string& today);

/// The same weights for a cluster, whose remote parts run only Xapian's
/// own posting sources: a ValueMapPostingSource mapping each of `dates`
/// (the YYYYMMDD values the index holds) to its weight.
Xapian::Query recency_boost(const std::vector<std::string>& dates, const std::string& today);

/// proximity_rescore() for a cluster, whose documents' positions would
/// each cost a round trip: one Enquire per boost, filtered by `filter` (the
/// top's id terms), run where the documents are.
std::unordered_map<Xapian::docid, double> proximity_rescore(const Xapian::Database& db, const Xapian::Query& query,
                                                            const Xapian::Query& filter, Xapian::doccount size);

/// Today's date as YYYYMMDD (UTC).
std::string today_yyyymmdd();

/// A query for articles like the one with id term `id_term`, excluding it;
/// MatchNothing when there is no such article.
Xapian::Query more_like_this(const Xapian::Database& db, const std::string& id_term, unsigned terms = 25);

}  // namespace news::searcher
