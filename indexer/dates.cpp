#include "indexer/dates.hpp"

#include "schema/text.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <regex>

namespace news::indexer {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

/// Month number from a German or English month name or abbreviation; 0 if none.
unsigned month_from_name(std::string_view name) {
    std::string key = schema::fold_key(name);
    static const std::array<std::pair<const char*, unsigned>, 30> names{{
        {"januar", 1}, {"jaenner", 1}, {"january", 1}, {"februar", 2}, {"february", 2}, {"maerz", 3},
        {"marz", 3},   {"march", 3},   {"april", 4},   {"mai", 5},     {"may", 5},      {"juni", 6},
        {"june", 6},   {"juli", 7},    {"july", 7},    {"august", 8},  {"september", 9}, {"oktober", 10},
        {"october", 10}, {"november", 11}, {"dezember", 12}, {"december", 12}, {"jan", 1}, {"feb", 2},
        {"mrz", 3},    {"apr", 4},     {"jun", 6},     {"jul", 7},     {"aug", 8},      {"sep", 9},
    }};
    for (const auto& [n, m] : names)
        if (key == n) return m;
    if (key == "mar") return 3;
    if (key == "sept") return 9;
    if (key == "okt" || key == "oct") return 10;
    if (key == "nov") return 11;
    if (key == "dez" || key == "dec") return 12;
    return 0;
}

}  // namespace

std::string format_date(int year, unsigned month, unsigned day) {
    using namespace std::chrono;
    year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!ymd.ok() || year < 1800 || year > 2200) return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
    return buf;
}

std::string parse_iso_date(std::string_view s) {
    std::string t = schema::trim(s);
    std::string_view v(t);
    if (v.size() >= 10 && v[4] == '-' && v[7] == '-' && all_digits(v.substr(0, 4)) && all_digits(v.substr(5, 2)) &&
        all_digits(v.substr(8, 2))) {
        if (v.size() > 10 && v[10] != 'T' && v[10] != ' ' && v[10] != 't') return {};
        return format_date(to_int(v.substr(0, 4)), to_int(v.substr(5, 2)), to_int(v.substr(8, 2)));
    }
    if (v.size() == 8 && all_digits(v))
        return format_date(to_int(v.substr(0, 4)), to_int(v.substr(4, 2)), to_int(v.substr(6, 2)));
    return {};
}

std::string parse_rfc822_date(std::string_view s) {
    // [Day,] DD Mon YYYY [HH:MM[:SS] zone]
    static const std::regex re(R"(^\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4}|\d{2})\b)");
    std::cmatch m;
    std::string t(s);
    if (!std::regex_search(t.c_str(), m, re)) return {};
    unsigned month = month_from_name(m[2].str());
    if (month == 0) return {};
    int year = std::stoi(m[3].str());
    if (m[3].length() == 2) year += year < 70 ? 2000 : 1900;
    return format_date(year, month, static_cast<unsigned>(std::stoi(m[1].str())));
}

std::string find_german_date(std::string_view text) {
    // "21. November 2024", "21. Nov. 2024", "21.11.2024"; a weekday in front does not matter.
    static const std::regex re(
        R"((?:^|[^\d])(\d{1,2})\.\s*(?:(\d{1,2})\.\s*(\d{4})|(Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Nov|Dez)\.?\s+(\d{4})))");
    std::string t(text);
    for (std::sregex_iterator it(t.begin(), t.end(), re), end; it != end; ++it) {
        const std::smatch& m = *it;
        unsigned day = static_cast<unsigned>(std::stoi(m[1].str()));
        std::string date;
        if (m[2].matched)
            date = format_date(std::stoi(m[3].str()), static_cast<unsigned>(std::stoi(m[2].str())), day);
        else
            date = format_date(std::stoi(m[5].str()), month_from_name(m[4].str()), day);
        if (!date.empty()) return date;
    }
    return {};
}

std::string parse_any_date(std::string_view s) {
    std::string d = parse_iso_date(s);
    if (d.empty()) d = parse_rfc822_date(s);
    if (d.empty()) d = find_german_date(s);
    return d;
}

}  // namespace news::indexer
