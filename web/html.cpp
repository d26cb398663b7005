#include "web/html.hpp"

#include "searcher/highlighter.hpp"

#include <cctype>

namespace news::web {

std::string html(std::string_view s) { return searcher::escape_html(s); }

std::string german_date(std::string_view iso) {
    bool shape = iso.size() == 10 && iso[4] == '-' && iso[7] == '-';
    if (!shape) return std::string(iso);
    std::string out;
    out.append(iso.substr(8, 2)).append(".").append(iso.substr(5, 2)).append(".").append(iso.substr(0, 4));
    return out;
}

namespace {

constexpr const char* kMonths[] = {"Januar", "Februar", "März",     "April",   "Mai",      "Juni",
                                   "Juli",   "August",  "September", "Oktober", "November", "Dezember"};

/// 1..12 from two digits, 0 when not a month.
int month_number(std::string_view mm) {
    if (mm.size() != 2 || mm[0] < '0' || mm[0] > '1' || mm[1] < '0' || mm[1] > '9') return 0;
    int m = (mm[0] - '0') * 10 + (mm[1] - '0');
    return m >= 1 && m <= 12 ? m : 0;
}

bool digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

}  // namespace

std::string german_long_date(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || !digits(iso.substr(0, 4)) || !digits(iso.substr(8, 2)))
        return std::string(iso);
    const int month = month_number(iso.substr(5, 2));
    const int day = (iso[8] - '0') * 10 + (iso[9] - '0');
    if (month == 0 || day < 1 || day > 31) return std::string(iso);
    return std::to_string(day) + ". " + kMonths[month - 1] + " " + std::string(iso.substr(0, 4));
}

std::string german_month(std::string_view ym) {
    if (ym.size() != 7 || ym[4] != '-' || !digits(ym.substr(0, 4))) return std::string(ym);
    const int month = month_number(ym.substr(5, 2));
    if (month == 0) return std::string(ym);
    return std::string(kMonths[month - 1]) + " " + std::string(ym.substr(0, 4));
}

std::string german_number(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

bool is_web_url(std::string_view url) {
    auto starts = [&](std::string_view p) {
        if (url.size() < p.size()) return false;
        for (size_t i = 0; i < p.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(url[i])) != p[i]) return false;
        return true;
    };
    if (!starts("http://") && !starts("https://")) return false;
    for (unsigned char c : url)
        if (c < 0x20 || c == 0x7f || c == ' ') return false;
    return true;
}

}  // namespace news::web
