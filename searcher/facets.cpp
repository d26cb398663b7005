#include "searcher/facets.hpp"

#include "schema/schema.hpp"

#include <algorithm>

namespace news::searcher {

void MultiValueCountSpy::operator()(const Xapian::Document& doc, double) {
    const std::string v = doc.get_value(m_slot);
    size_t start = 0;
    while (start < v.size()) {
        size_t end = v.find(schema::kListSeparator, start);
        if (end == std::string::npos) end = v.size();
        if (end > start) ++m_counts[v.substr(start, end - start)];
        start = end + 1;
    }
}

std::vector<FacetValue> MultiValueCountSpy::values(bool by_value_desc) const {
    std::vector<FacetValue> out;
    for (const auto& [value, count] : m_counts) out.push_back({value, count});
    if (by_value_desc) {
        std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
    } else {
        std::stable_sort(out.begin(), out.end(),
                         [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    }
    return out;
}

}  // namespace news::searcher
