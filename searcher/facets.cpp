#include "searcher/facets.hpp"

#include "schema/schema.hpp"

#include <algorithm>

namespace news::searcher {

void MultiValueCountSpy::operator()(const Xapian::Document& doc, double) {
    std::string v = doc.get_value(m_slot);
    if (!v.empty()) ++m_raw[std::move(v)];
}

std::vector<FacetValue> MultiValueCountSpy::values(bool by_value_desc) const {
    std::map<std::string, std::uint64_t> counts;
    for (const auto& [v, n] : m_raw) {
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
