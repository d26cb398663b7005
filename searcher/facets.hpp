#pragma once
/// Facet counting over a whole match set without reading a value per match.
///
/// A FacetTable holds, per document of one database revision, a small code
/// for each facet slot's value (several labels joined by
/// schema::kListSeparator count as one value until the end) and the
/// document's near-duplicate group; it is read once from the value streams
/// and shared by every query on that revision. A FacetCounter is the match
/// spy of one query: per matching document it only increments counters.
///
/// The build writes the table of a single-database generation into a file
/// beside its tables (searcher/facet_file.hpp); a process that starts (a CGI
/// request) maps it instead of reading the value streams.
///
/// @code
///   auto table = std::make_shared<FacetTable>(db, facet_slots(), dupkey_slot);
///   FacetCounter counter(*table);
///   enquire.add_matchspy(&counter);
///   enquire.get_mset(0, 0, db.get_doccount());
///   counter.facets();   // "region" → [{label, count}, …]
/// @endcode

#include "searcher/search_types.hpp"

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

namespace news::searcher {

/// A facet: its key in results, its value slot, and how its values sort.
struct FacetSlot {
    std::string name;
    Xapian::valueno slot = 0;
    bool by_value_desc = false;  ///< labels descending (years); else most frequent first
    /// The slot holds YYYYMMDD dates and the facet counts their months
    /// ("2024-11"): the timeline's counts, in the same pass as the others.
    bool month_of_date = false;
};

/// Days since 1970-01-01 of a YYYYMMDD value; -1 when malformed.
std::int32_t days_since_epoch(const std::string& ymd);

/// "20241121" → "2024-11"; "" when malformed.
std::string month_of_date(const std::string& ymd);

/// The facets of the schema (each facet field), the year and the month.
std::vector<FacetSlot> schema_facet_slots();

class FacetTable {
  public:
    /// Reads the value streams of `slots`, of the collapse key `dup_slot`
    /// and, when given, of the YYYYMMDD dates in `date_slot`.
    FacetTable(const Xapian::Database& db, std::vector<FacetSlot> slots, Xapian::valueno dup_slot,
               Xapian::valueno date_slot = Xapian::BAD_VALUENO);
    FacetTable(const FacetTable&) = delete;  // its arrays may point into itself
    FacetTable& operator=(const FacetTable&) = delete;

    /// What identifies the revision of `db` a table was read from.
    static std::string revision_key(const Xapian::Database& db);
    const std::string& key() const { return m_key; }

    const std::vector<FacetSlot>& slots() const { return m_slots; }
    /// The document's date as days since 1970-01-01 (the recency boost);
    /// -1 when it has none.
    std::int32_t days(Xapian::docid did) const { return did < m_days_size ? m_days[did] : -1; }
    /// The slot days() was read from; BAD_VALUENO when the table has no dates.
    Xapian::valueno date_slot() const { return m_days_size ? m_date_slot : Xapian::BAD_VALUENO; }
    /// Bytes held by the per-document arrays.
    size_t memory_bytes() const;
    /// True when the arrays are mapped from a facet file (not read from the value streams).
    bool mapped() const { return m_mapping != nullptr; }

  private:
    friend class FacetCounter;
    friend class FacetFile;
    FacetTable() = default;

    std::vector<FacetSlot> m_slots;
    std::vector<std::vector<std::string>> m_values;  ///< per slot: code → joined value; code 0: no value
    /// Per document, side by side (one cache line for a match): the code of
    /// each slot's value, then its near-duplicate group (0: the document's
    /// collapse key is empty or its own, so it never collapses with another).
    /// Points into m_own_rows or into the mapped file.
    const std::uint32_t* m_rows = nullptr;
    size_t m_rows_size = 0;
    size_t m_stride = 1;  ///< m_slots.size() + 1
    std::uint32_t m_groups = 0;
    const std::int32_t* m_days = nullptr;  ///< docid → days(); none without a date slot
    size_t m_days_size = 0;
    std::vector<std::uint32_t> m_own_rows;
    std::vector<std::int32_t> m_own_days;
    std::shared_ptr<const void> m_mapping;  ///< the mapped file (unmapped with the last table using it)
    Xapian::valueno m_dup_slot = Xapian::BAD_VALUENO, m_date_slot = Xapian::BAD_VALUENO;
    std::string m_key;
};

/// Facet tables shared by the Searchers of a process (the web's pool): one
/// per index revision, read by the first Searcher that needs it while the
/// others wait, freed when no Searcher holds it any more. Thread-safe.
class FacetTableCache {
  public:
    /// The table of `db`'s revision (maps it from the facet file in `dir`,
    /// the database's directory, when that is valid, else reads it, when no
    /// one has).
    std::shared_ptr<const FacetTable> get(const Xapian::Database& db, const std::string& dir = {});

  private:
    std::mutex m_mutex;
    std::map<std::string, std::weak_ptr<const FacetTable>> m_tables;
};

/// Counts facet values, matches and collapsed matches of one query.
class FacetCounter : public Xapian::MatchSpy {
  public:
    /// `table` must outlive the counter.
    explicit FacetCounter(const FacetTable& table);
    void operator()(const Xapian::Document& doc, double) override { add(doc.get_docid()); }
    /// Counts one matching document (for matches found without Enquire).
    void add(Xapian::docid did);
    Xapian::MatchSpy* clone() const override { return new FacetCounter(m_table); }
    std::string name() const override { return "news::FacetCounter"; }

    /// Matching documents seen.
    std::uint64_t matches() const { return m_matches; }
    /// Matches once near-duplicates collapse into one (as Xapian's collapse key does).
    std::uint64_t collapsed_matches() const;
    /// Matches that collapse into the document `did` (not counting itself).
    unsigned similar(Xapian::docid did) const;

    /// Per facet: labels with their counts, in each facet's order.
    std::map<std::string, std::vector<FacetValue>> facets() const;

  private:
    const FacetTable& m_table;
    std::vector<std::vector<std::uint64_t>> m_counts;  ///< per column: code → documents
    std::vector<std::uint32_t> m_group_matches;         ///< group → documents
    std::uint64_t m_matches = 0, m_ungrouped = 0;
};

/// FacetCounter's counts from Xapian's own ValueCountMatchSpy, which a
/// remote part (the stock xapian-tcpsrv) runs itself and sends back merged:
/// for a cluster, where reading a FacetTable would fetch every document
/// over the network. Costs a value read per match and per slot, and sends
/// every distinct near-duplicate key of the matches to the front end.
class SpyFacetCounter {
  public:
    SpyFacetCounter(std::vector<FacetSlot> slots, Xapian::valueno dup_slot);
    /// Add the spies to the counting pass (which must not sort by value:
    /// Xapian 1.4 then counts remote matches twice).
    void attach(Xapian::Enquire& enquire);

    std::uint64_t matches() const { return m_dup.get_total(); }
    std::uint64_t collapsed_matches() const;
    /// Matches that collapse into a hit whose collapse key is `dupkey`.
    unsigned similar(const std::string& dupkey) const;
    std::map<std::string, std::vector<FacetValue>> facets() const;

  private:
    std::vector<FacetSlot> m_slots;
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> m_spies;  ///< per slot
    Xapian::ValueCountMatchSpy m_dup;
    mutable std::optional<std::unordered_map<std::string, std::uint64_t>> m_shared;  ///< dup key → matches, when > 1
    mutable std::uint64_t m_collapsed = 0;
    void count_groups() const;
};

/// Joined values with their counts → labels with counts, most frequent
/// first (ties by label), or by label descending when `by_value_desc`.
std::vector<FacetValue> split_facet_values(const std::vector<std::pair<std::string, std::uint64_t>>& joined,
                                           bool by_value_desc);

}  // namespace news::searcher
