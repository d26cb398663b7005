#include "searcher/timeline.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace news::searcher {

namespace {

/// "2024-11" → 2024 * 12 + 10; -1 when malformed.
int month_index(const std::string& ym) {
    if (ym.size() != 7 || ym[4] != '-') return -1;
    for (size_t i : {0, 1, 2, 3, 5, 6})
        if (ym[i] < '0' || ym[i] > '9') return -1;
    const int year = std::stoi(ym.substr(0, 4)), month = std::stoi(ym.substr(5, 2));
    if (month < 1 || month > 12) return -1;
    return year * 12 + month - 1;
}

std::string two(unsigned n) { return (n < 10 ? "0" : "") + std::to_string(n); }
std::string four(int n) {
    std::string s = std::to_string(n);
    return std::string(s.size() < 4 ? 4 - s.size() : 0, '0') + s;
}

TimelineBar month_bar(int index, std::uint64_t count) {
    using namespace std::chrono;
    const int year_ = index / 12;
    const unsigned month_ = static_cast<unsigned>(index % 12 + 1);
    const unsigned days = static_cast<unsigned>(year_month_day_last{year{year_} / month{month_} / std::chrono::last}.day());
    const std::string ym = four(year_) + "-" + two(month_);
    return {ym, ym + "-01", ym + "-" + two(days), count};
}

}  // namespace

Timeline make_timeline(const std::vector<FacetValue>& months) {
    std::map<int, std::uint64_t> by_month;
    for (const FacetValue& v : months)
        if (int i = month_index(v.value); i >= 0 && v.count > 0) by_month[i] += v.count;
    Timeline t;
    if (by_month.empty()) return t;
    const int first = by_month.begin()->first, last = by_month.rbegin()->first;
    if (last - first + 1 <= kTimelineMaxMonths) {
        t.unit = "month";
        for (int i = first; i <= last; ++i) {
            auto found = by_month.find(i);
            t.bars.push_back(month_bar(i, found == by_month.end() ? 0 : found->second));
        }
        return t;
    }
    t.unit = "year";
    std::map<int, std::uint64_t> by_year;
    for (const auto& [i, n] : by_month) by_year[i / 12] += n;
    const int y0 = by_year.begin()->first, y1 = by_year.rbegin()->first;
    const bool dense = y1 - y0 < 100;
    for (int y = y0; y <= y1; ++y) {
        auto found = by_year.find(y);
        if (found == by_year.end() && !dense) continue;
        const std::string year = four(y);
        t.bars.push_back({year, year + "-01-01", year + "-12-31", found == by_year.end() ? 0 : found->second});
    }
    return t;
}

}  // namespace news::searcher
