#include "searcher/facets.hpp"

#include "schema/schema.hpp"
#include "searcher/facet_file.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <unordered_map>

namespace news::searcher {

std::int32_t days_since_epoch(const std::string& ymd) {
    if (ymd.size() != 8 || !std::all_of(ymd.begin(), ymd.end(), [](char c) { return c >= '0' && c <= '9'; })) return -1;
    // Read once per document when an index revision's facet table is built:
    // the digits by hand (std::stoi on substrings was a fifth of that build).
    auto number = [&](size_t from, size_t n) {
        int v = 0;
        for (size_t i = from; i < from + n; ++i) v = v * 10 + (ymd[i] - '0');
        return v;
    };
    using namespace std::chrono;
    const year_month_day date{year{number(0, 4)}, month{static_cast<unsigned>(number(4, 2))},
                              day{static_cast<unsigned>(number(6, 2))}};
    if (!date.ok()) return -1;
    return static_cast<std::int32_t>(sys_days{date}.time_since_epoch().count());
}

std::string month_of_date(const std::string& ymd) {
    if (ymd.size() != 8 || !std::all_of(ymd.begin(), ymd.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
    const int month = (ymd[4] - '0') * 10 + (ymd[5] - '0');
    if (month < 1 || month > 12) return {};
    return ymd.substr(0, 4) + "-" + ymd.substr(4, 2);
}

std::vector<FacetSlot> schema_facet_slots() {
    std::vector<FacetSlot> out;
    for (const schema::Field& f : schema::fields())
        if (f.facet && f.slot) out.push_back({std::string(f.facet_name), schema::slot(*f.slot), false});
    out.push_back({"year", schema::slot(schema::Slot::YEAR), true});
    out.push_back({"month", schema::slot(schema::Slot::DATE), true, true});
    return out;
}

FacetTable::FacetTable(const Xapian::Database& db, std::vector<FacetSlot> slots, Xapian::valueno dup_slot,
                       Xapian::valueno date_slot)
    : m_slots(std::move(slots)), m_dup_slot(dup_slot), m_date_slot(date_slot), m_key(revision_key(db)) {
    const size_t size = static_cast<size_t>(db.get_lastdocid()) + 1;
    if (date_slot != Xapian::BAD_VALUENO) {
        m_own_days.assign(size, -1);
        for (auto it = db.valuestream_begin(date_slot); it != db.valuestream_end(date_slot); ++it)
            m_own_days[it.get_docid()] = days_since_epoch(*it);
    }
    m_stride = m_slots.size() + 1;
    m_own_rows.assign(size * m_stride, 0);
    for (size_t col = 0; col < m_slots.size(); ++col) {
        std::vector<std::string> values{std::string()};  // code 0: no value
        std::unordered_map<std::string, std::uint32_t> code_of;
        for (auto it = db.valuestream_begin(m_slots[col].slot); it != db.valuestream_end(m_slots[col].slot); ++it) {
            std::string v = *it;
            if (m_slots[col].month_of_date) v = month_of_date(v);
            if (v.empty()) continue;
            auto [pos, added] = code_of.try_emplace(v, static_cast<std::uint32_t>(values.size()));
            if (added) values.push_back(std::move(v));
            m_own_rows[it.get_docid() * m_stride + col] = pos->second;
        }
        m_values.push_back(std::move(values));
    }
    // Near-duplicate groups: only keys that more than one document shares.
    std::unordered_map<std::string, std::uint32_t> key_index;  // key → its documents, then its group
    std::vector<std::uint32_t> doc_key(size, 0);
    std::vector<std::uint32_t> key_docs{0};
    for (auto it = db.valuestream_begin(dup_slot); it != db.valuestream_end(dup_slot); ++it) {
        std::string v = *it;
        if (v.empty()) continue;
        auto [pos, added] = key_index.try_emplace(std::move(v), static_cast<std::uint32_t>(key_docs.size()));
        if (added) key_docs.push_back(0);
        ++key_docs[pos->second];
        doc_key[it.get_docid()] = pos->second;
    }
    std::vector<std::uint32_t> group_of_key(key_docs.size(), 0);
    for (size_t k = 1; k < key_docs.size(); ++k)
        if (key_docs[k] > 1) group_of_key[k] = ++m_groups;
    for (size_t did = 0; did < size; ++did) m_own_rows[did * m_stride + m_slots.size()] = group_of_key[doc_key[did]];
    m_rows = m_own_rows.data();
    m_rows_size = m_own_rows.size();
    m_days = m_own_days.data();
    m_days_size = m_own_days.size();
}

std::string FacetTable::revision_key(const Xapian::Database& db) {
    std::string rev;
    try {
        rev = std::to_string(db.get_revision());
    } catch (const Xapian::Error&) {
        // Several shards have no single revision; the counts below still differ.
    }
    return db.get_uuid() + "/" + rev + "/" + std::to_string(db.get_doccount()) + "/" +
           std::to_string(db.get_lastdocid());
}

size_t FacetTable::memory_bytes() const {
    return m_rows_size * sizeof(std::uint32_t) + m_days_size * sizeof(std::int32_t);
}

std::shared_ptr<const FacetTable> FacetTableCache::get(const Xapian::Database& db, const std::string& dir) {
    const std::string key = FacetTable::revision_key(db);
    std::lock_guard lock(m_mutex);
    for (auto it = m_tables.begin(); it != m_tables.end();)
        it = it->second.expired() ? m_tables.erase(it) : std::next(it);
    if (auto found = m_tables.find(key); found != m_tables.end())
        if (auto table = found->second.lock()) return table;
    auto table = load_facet_table(db, dir);
    m_tables[key] = table;
    return table;
}

FacetCounter::FacetCounter(const FacetTable& table)
    : m_table(table), m_group_matches(table.m_groups + size_t{1}, 0) {
    for (const auto& values : table.m_values) m_counts.emplace_back(values.size(), 0);
}

void FacetCounter::add(Xapian::docid did) {
    ++m_matches;
    const size_t at = static_cast<size_t>(did) * m_table.m_stride;
    if (at >= m_table.m_rows_size) {  // a document added after the table was read: no values
        for (auto& counts : m_counts) ++counts[0];
        ++m_ungrouped;
        return;
    }
    const std::uint32_t* row = m_table.m_rows + at;
    for (size_t i = 0; i < m_counts.size(); ++i) ++m_counts[i][row[i]];
    const std::uint32_t group = row[m_counts.size()];
    if (group == 0) ++m_ungrouped;
    else ++m_group_matches[group];
}

std::uint64_t FacetCounter::collapsed_matches() const {
    std::uint64_t n = m_ungrouped;
    for (size_t g = 1; g < m_group_matches.size(); ++g) n += m_group_matches[g] > 0;
    return n;
}

unsigned FacetCounter::similar(Xapian::docid did) const {
    const size_t at = static_cast<size_t>(did) * m_table.m_stride + m_counts.size();
    const std::uint32_t group = at < m_table.m_rows_size ? m_table.m_rows[at] : 0;
    return group == 0 || m_group_matches[group] == 0 ? 0 : m_group_matches[group] - 1;
}

std::map<std::string, std::vector<FacetValue>> FacetCounter::facets() const {
    std::map<std::string, std::vector<FacetValue>> out;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        std::vector<std::pair<std::string, std::uint64_t>> joined;
        for (size_t code = 1; code < m_counts[i].size(); ++code)
            if (m_counts[i][code] > 0) joined.emplace_back(m_table.m_values[i][code], m_counts[i][code]);
        const FacetSlot& s = m_table.m_slots[i];
        out[s.name] = split_facet_values(joined, s.by_value_desc);
    }
    return out;
}

SpyFacetCounter::SpyFacetCounter(std::vector<FacetSlot> slots, Xapian::valueno dup_slot)
    : m_slots(std::move(slots)), m_dup(dup_slot) {
    for (const FacetSlot& s : m_slots) m_spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(s.slot));
}

void SpyFacetCounter::attach(Xapian::Enquire& enquire) {
    enquire.add_matchspy(&m_dup);
    for (auto& spy : m_spies) enquire.add_matchspy(spy.get());
}

void SpyFacetCounter::count_groups() const {
    if (m_shared) return;
    m_shared.emplace();
    std::uint64_t keyed = 0, keys = 0;
    for (auto it = m_dup.values_begin(); it != m_dup.values_end(); ++it) {
        const Xapian::doccount n = it.get_termfreq();
        keyed += n;
        ++keys;
        if (n > 1) m_shared->emplace(*it, n);
    }
    m_collapsed = matches() - keyed + keys;
}

std::uint64_t SpyFacetCounter::collapsed_matches() const {
    count_groups();
    return m_collapsed;
}

unsigned SpyFacetCounter::similar(const std::string& dupkey) const {
    count_groups();
    if (dupkey.empty()) return 0;
    auto it = m_shared->find(dupkey);
    return it == m_shared->end() ? 0 : static_cast<unsigned>(it->second - 1);
}

std::map<std::string, std::vector<FacetValue>> SpyFacetCounter::facets() const {
    std::map<std::string, std::vector<FacetValue>> out;
    for (size_t i = 0; i < m_slots.size(); ++i) {
        std::map<std::string, std::uint64_t> joined;
        for (auto it = m_spies[i]->values_begin(); it != m_spies[i]->values_end(); ++it) {
            std::string v = *it;
            if (m_slots[i].month_of_date) v = month_of_date(v);
            if (!v.empty()) joined[v] += it.get_termfreq();
        }
        out[m_slots[i].name] =
            split_facet_values({joined.begin(), joined.end()}, m_slots[i].by_value_desc);
    }
    return out;
}

std::vector<FacetValue> split_facet_values(const std::vector<std::pair<std::string, std::uint64_t>>& joined,
                                           bool by_value_desc) {
    std::map<std::string, std::uint64_t> counts;
    for (const auto& [v, n] : joined) {
        size_t start = 0;
        while (start < v.size()) {
            size_t end = v.find(schema::kListSeparator, start);
            if (end == std::string::npos) end = v.size();
            if (end > start) counts[v.substr(start, end - start)] += n;
            start = end + 1;
        }
    }
    std::vector<FacetValue> out;
    for (const auto& [value, count] : counts) out.push_back({value, count});
    if (by_value_desc) {
        std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
    } else {
        std::stable_sort(out.begin(), out.end(),
                         [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    }
    return out;
}

}  // namespace news::searcher
