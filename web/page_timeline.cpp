// The timeline above the hits: the matches per year (or month) as an inline
// SVG histogram drawn here, so that it works without JavaScript, prints and
// scales; each bar links to its period, the date filter is shown on it, and
// a table beside it says the same in text.
#include "searcher/timeline.hpp"
#include "web/html.hpp"
#include "web/page_parts.hpp"

#include <algorithm>

namespace news::web::parts {

namespace {

using searcher::Timeline;
using searcher::TimelineBar;

constexpr int kBarStep = 10;  ///< viewBox units per bar (the SVG stretches to the width)
constexpr int kHeight = 100;

std::string label_of(const Timeline& t, const TimelineBar& b) {
    return t.unit == "month" ? german_month(b.period) : b.period;
}

std::string count_text(std::uint64_t n) { return german_number(n) + " Treffer"; }

/// The bar lies within the date filter (a filter that covers it whole).
bool selected(const SearchParams& p, const TimelineBar& b) {
    if (p.from.empty() && p.to.empty()) return false;
    return (p.from.empty() || p.from <= b.from) && (p.to.empty() || b.to <= p.to);
}

/// The search narrowed to the bar's period; back to no date filter when the
/// filter is that period already.
SearchParams bar_search(const SearchParams& p, const TimelineBar& b) {
    SearchParams next = first_page(p);
    const bool same = p.from == b.from && p.to == b.to;
    next.from = same ? "" : b.from;
    next.to = same ? "" : b.to;
    return next;
}

std::string filter_text(const SearchParams& p) {
    return (p.from.empty() ? std::string("…") : german_date(p.from)) + " – " +
           (p.to.empty() ? std::string("…") : german_date(p.to));
}

std::string svg(const PageContext& ctx, const SearchParams& p, const Timeline& t) {
    std::uint64_t max = 1;
    for (const TimelineBar& b : t.bars) max = std::max(max, b.count);
    const int width = static_cast<int>(t.bars.size()) * kBarStep;
    std::string out = "<svg class=\"zeitleiste-grafik\" viewBox=\"0 0 " + std::to_string(width) + " " +
                      std::to_string(kHeight) +
                      "\" preserveAspectRatio=\"none\" role=\"group\" aria-labelledby=\"zeitleiste-titel\">\n";
    for (size_t i = 0; i < t.bars.size(); ++i) {
        const TimelineBar& b = t.bars[i];
        const int x = static_cast<int>(i) * kBarStep;
        const bool on = selected(p, b);
        if (on)  // the date filter: a band behind the bars it covers
            out += "<rect class=\"band\" x=\"" + std::to_string(x) + "\" y=\"0\" width=\"" + std::to_string(kBarStep) +
                   "\" height=\"" + std::to_string(kHeight) + "\"/>\n";
        if (b.count == 0) continue;  // nothing to filter to
        const int h = std::max(3, static_cast<int>(b.count * (kHeight - 4) / max));
        const std::string text = label_of(t, b) + ": " + count_text(b.count);
        const std::string action = on && p.from == b.from && p.to == b.to ? " – Zeitraum entfernen" : " – nur diesen Zeitraum";
        out += "<a href=\"" + href(ctx, bar_search(p, b)) + "\" aria-label=\"" + html(text + action) + "\"" +
               (on ? " aria-current=\"true\"" : "") + ">";
        out += "<title>" + html(text) + "</title>";
        out += "<rect class=\"flaeche\" x=\"" + std::to_string(x) + "\" y=\"0\" width=\"" + std::to_string(kBarStep) +
               "\" height=\"" + std::to_string(kHeight) + "\"/>";
        out += "<rect class=\"balken" + std::string(on ? " gewaehlt" : "") + "\" x=\"" + std::to_string(x + 1) +
               "\" y=\"" + std::to_string(kHeight - h) + "\" width=\"" + std::to_string(kBarStep - 2) +
               "\" height=\"" + std::to_string(h) + "\"/></a>\n";
    }
    return out + "</svg>\n";
}

std::string table(const PageContext& ctx, const SearchParams& p, const Timeline& t) {
    const char* unit = t.unit == "month" ? "Monat" : "Jahr";
    std::string out = "<details class=\"zeitleiste-tabelle\">\n<summary>Zeitleiste als Tabelle</summary>\n<table>\n";
    out += "<caption class=\"sr\">Treffer je " + std::string(unit) + "</caption>\n";
    out += "<thead><tr><th scope=\"col\">" + std::string(unit) + "</th><th scope=\"col\">Treffer</th></tr></thead>\n<tbody>\n";
    for (const TimelineBar& b : t.bars) {
        out += "<tr" + std::string(selected(p, b) ? " class=\"gewaehlt\"" : "") + "><th scope=\"row\">";
        if (b.count > 0) out += "<a href=\"" + href(ctx, bar_search(p, b)) + "\">" + html(label_of(t, b)) + "</a>";
        else out += html(label_of(t, b));
        out += "</th><td>" + german_number(b.count) + "</td></tr>\n";
    }
    return out + "</tbody>\n</table>\n</details>\n";
}

}  // namespace

std::string timeline(const PageContext& ctx, const SearchParams& p, const searcher::SearchResult& r) {
    auto months = r.facets.find("month");
    if (months == r.facets.end()) return {};
    const Timeline t = searcher::make_timeline(months->second);
    if (t.bars.empty()) return {};
    std::string out = "<section class=\"zeitleiste\" aria-labelledby=\"zeitleiste-titel\">\n";
    out += "<h2 id=\"zeitleiste-titel\">Treffer nach " + std::string(t.unit == "month" ? "Monaten" : "Jahren") + "</h2>\n";
    if (!p.from.empty() || !p.to.empty())
        out += "<p class=\"zeitleiste-filter\">Gewählter Zeitraum: " + html(filter_text(p)) + " (hervorgehoben)</p>\n";
    out += svg(ctx, p, t);
    out += "<p class=\"achse\" aria-hidden=\"true\"><span>" + html(label_of(t, t.bars.front())) + "</span>";
    if (t.bars.size() > 1) out += "<span>" + html(label_of(t, t.bars.back())) + "</span>";
    out += "</p>\n";
    out += table(ctx, p, t);
    return out + "</section>\n";
}

}  // namespace news::web::parts
