#pragma once
/// Facet counting over a whole match set: one MatchSpy for value slots that
/// hold several labels (regions, topics) joined by schema::kListSeparator.

#include "searcher/search_types.hpp"

#include <xapian.h>

#include <map>
#include <unordered_map>
#include <string>
#include <vector>

namespace news::searcher {

class MultiValueCountSpy : public Xapian::MatchSpy {
  public:
    explicit MultiValueCountSpy(Xapian::valueno slot) : m_slot(slot) {}
    void operator()(const Xapian::Document& doc, double wt) override;
    Xapian::MatchSpy* clone() const override { return new MultiValueCountSpy(m_slot); }
    std::string name() const override { return "news::MultiValueCountSpy"; }

    /// Counts, most frequent first (ties by label); by label descending when `by_value_desc`.
    std::vector<FacetValue> values(bool by_value_desc = false) const;

  private:
    Xapian::valueno m_slot;
    /// Per distinct joined value: few distinct ones, so one look-up per
    /// document; split into labels only once, in values().
    std::unordered_map<std::string, std::uint64_t> m_raw;
};

}  // namespace news::searcher
