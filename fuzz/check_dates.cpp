// Invariants of date recognition (indexer/dates.hpp).

#include "fuzz/checks.hpp"

#include "indexer/dates.hpp"

namespace news::fuzz {

namespace {

/// "" when `d` is "" or a date YYYY-MM-DD that format_date() accepts unchanged.
std::string check_date(const char* parser, const std::string& d) {
    if (d.empty()) return {};
    bool shape = d.size() == 10 && d[4] == '-' && d[7] == '-';
    for (size_t i = 0; shape && i < d.size(); ++i)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) shape = false;
    if (!shape) return std::string(parser) + " returned '" + d + "', not YYYY-MM-DD";
    int year = std::stoi(d.substr(0, 4));
    unsigned month = static_cast<unsigned>(std::stoi(d.substr(5, 2)));
    unsigned day = static_cast<unsigned>(std::stoi(d.substr(8, 2)));
    if (indexer::format_date(year, month, day) != d)
        return std::string(parser) + " returned '" + d + "', not a real date within 1800..2200";
    return {};
}

}  // namespace

std::string check_dates(std::string_view bytes) {
    const std::string iso = indexer::parse_iso_date(bytes);
    const std::string rfc = indexer::parse_rfc822_date(bytes);
    const std::string german = indexer::find_german_date(bytes);
    const std::string any = indexer::parse_any_date(bytes);
    for (const auto& [parser, d] : {std::pair{"parse_iso_date", &iso}, std::pair{"parse_rfc822_date", &rfc},
                                    std::pair{"find_german_date", &german}, std::pair{"parse_any_date", &any}})
        if (std::string broken = check_date(parser, *d); !broken.empty()) return "dates: " + broken;
    const std::string& first = !iso.empty() ? iso : !rfc.empty() ? rfc : german;
    if (any != first) return "dates: parse_any_date gave '" + any + "', the parsers in order '" + first + "'";
    // A date found in text is found again where the text is embedded in more.
    if (!german.empty() && indexer::find_german_date(std::string(bytes) + " ") != german)
        return "dates: find_german_date changed when a space was appended";
    return {};
}

}  // namespace news::fuzz
