#pragma once
/// "Use it": for each query of a report that found nothing, whether the
/// spelling suggestion ("Meinten Sie …?") or a synonym from
/// schema/data/synonyms.tsv would have found articles, and how many: the
/// list an editor works through to extend the synonyms or fix the spelling
/// list.
///
/// With the FULL analysis the search expands synonyms already, so a synonym
/// helps there only where the normalised query lost the expansion (a form
/// of several words); with BASIC indexes it shows what FULL would gain.

#include "searcher/searcher.hpp"
#include "stats/report.hpp"

namespace news::stats {

/// Fill r.zero_hit_help (one entry per r.zero_hits row) by searching `s`.
void add_zero_hit_help(Report& r, searcher::Searcher& s);

}  // namespace news::stats
