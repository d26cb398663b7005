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
