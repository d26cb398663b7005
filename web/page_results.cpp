// The result part of the search page: hits, facets, date range, sort, paging.
#include "schema/vocabulary.hpp"
#include "web/html.hpp"
#include "web/page_parts.hpp"

#include <algorithm>

namespace news::web::parts {

namespace {

using searcher::FacetValue;
using searcher::SearchResult;

bool same_label(const schema::Vocabulary& vocab, const std::string& a, const std::string& b) {
    return vocab.term_value(a) == vocab.term_value(b);
}

/// `values` with `v` added, or removed when already there.
std::vector<std::string> toggled(const schema::Vocabulary& vocab, std::vector<std::string> values,
                                 const std::string& v) {
    auto it = std::find_if(values.begin(), values.end(), [&](const std::string& x) { return same_label(vocab, x, v); });
    if (it == values.end()) values.push_back(v);
    else values.erase(it);
    return values;
}

std::string hidden(const char* name, const std::string& value) {
    return "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + html(value) + "\">\n";
}

std::string facet_list(const PageContext& ctx, const SearchParams& p, const SearchResult& r, const char* key,
                       const char* heading) {
    auto found = r.facets.find(key);
    if (found == r.facets.end() || found->second.empty()) return {};
    const bool region = std::string(key) == "region";
    const schema::Vocabulary& vocab = region ? schema::regions() : schema::topics();
    std::string out = "<section class=\"facette\">\n<h3>" + std::string(heading) + "</h3>\n<ul>\n";
    for (const FacetValue& v : found->second) {
        SearchParams next = first_page(p);
        std::vector<std::string>& values = region ? next.regions : next.topics;
        const bool active = std::any_of(values.begin(), values.end(),
                                        [&](const std::string& x) { return same_label(vocab, x, v.value); });
        values = toggled(vocab, values, v.value);
        out += "<li><a href=\"" + href(ctx, next) + "\"" + (active ? " class=\"aktiv\" aria-current=\"true\"" : "") +
               ">" + (active ? "<span aria-hidden=\"true\">✓ </span>" : "") + html(v.value) +
               " <span class=\"zahl\">(" + german_number(v.count) + ")</span>" +
               (active ? "<span class=\"sr\"> – Filter entfernen</span>" : "") + "</a></li>\n";
    }
    return out + "</ul>\n</section>\n";
}

std::string date_field(const char* id, const char* name, const char* label, const std::string& iso) {
    // A text field, not type=date: the browser's date widget follows its own
    // locale (mm/dd/yyyy in an English Chromium), a German reader types
    // TT.MM.JJJJ; the server takes that or YYYY-MM-DD.
    return "<p class=\"feld\"><label for=\"" + std::string(id) + "\">" + label + "</label> <input type=\"text\" id=\"" +
           id + "\" name=\"" + name + "\" value=\"" + html(german_date(iso)) +
           "\" inputmode=\"numeric\" autocomplete=\"off\" size=\"10\" maxlength=\"10\" "
           "pattern=\"\\d{1,2}\\.\\d{1,2}\\.\\d{4}|\\d{4}-\\d{2}-\\d{2}\" aria-describedby=\"datum-format\"></p>\n";
}

std::string date_form(const PageContext& ctx, const SearchParams& p) {
    std::string out = "<form class=\"zeitraum\" method=\"get\" action=\"" + html(ctx.page_url()) + "\">\n";
    out += "<fieldset>\n<legend>Zeitraum</legend>\n";
    if (!p.query.empty()) out += hidden("q", p.query);
    out += hidden_filters(ctx, p, false);
    out += date_field("von", "from", "Erschienen ab", p.from);
    out += date_field("bis", "to", "Erschienen bis", p.to);
    out += "<p id=\"datum-format\" class=\"hinweis\">Datum als TT.MM.JJJJ, etwa 21.11.2024</p>\n";
    out += "<button type=\"submit\">Anwenden</button>\n</fieldset>\n</form>\n";
    return out;
}

std::string sort_links(const PageContext& ctx, const SearchParams& p) {
    static const std::pair<const char*, const char*> kSorts[] = {
        {"relevance", "Relevanz"}, {"date", "Neueste zuerst"}, {"date-asc", "Älteste zuerst"}};
    std::string out = "<nav class=\"sortierung\" aria-label=\"Sortierung\">Sortieren nach: ";
    bool first = true;
    for (auto [value, label] : kSorts) {
        if (!first) out += " · ";
        first = false;
        SearchParams next = first_page(p);
        next.sort = value;
        if (p.sort == value) out += "<strong aria-current=\"true\">" + std::string(label) + "</strong>";
        else out += "<a href=\"" + href(ctx, next) + "\">" + label + "</a>";
    }
    return out + "</nav>\n";
}

std::string hit_item(const searcher::Hit& h) {
    std::string title = h.title.empty() ? "(ohne Titel)" : h.title;
    std::string out = "<li>\n<article class=\"treffer\">\n<h2>";
    if (is_web_url(h.url)) out += "<a href=\"" + html(h.url) + "\">" + html(title) + "</a>";
    else out += html(title);
    out += "</h2>\n<p class=\"meta\">";
    std::vector<std::string> meta;
    if (!h.date.empty()) meta.push_back("<time datetime=\"" + html(h.date) + "\">" + html(german_long_date(h.date)) + "</time>");
    for (const std::string& r : h.regions) meta.push_back("<span class=\"region\">" + html(r) + "</span>");
    for (const std::string& t : h.topics) meta.push_back("<span class=\"thema\">" + html(t) + "</span>");
    // Near-duplicates (the same press release published again) folded into this hit.
    if (h.similar == 1) meta.push_back("<span class=\"aehnlich\">1 ähnlicher Artikel</span>");
    else if (h.similar > 1)
        meta.push_back("<span class=\"aehnlich\">" + std::to_string(h.similar) + " ähnliche Artikel</span>");
    for (size_t i = 0; i < meta.size(); ++i) out += (i ? " · " : "") + meta[i];
    out += "</p>\n";
    // The snippet is HTML already: escaped text with <mark> around the matches.
    if (!h.snippet.empty()) out += "<p class=\"auszug\">" + h.snippet + "</p>\n";
    else if (!h.lead.empty()) out += "<p class=\"auszug\">" + html(h.lead) + "</p>\n";
    return out + "</article>\n</li>\n";
}

unsigned last_page(const PageContext& ctx, const SearchParams& p, const SearchResult& r) {
    std::uint64_t pages = (r.total + p.size - 1) / p.size;
    pages = std::min<std::uint64_t>(pages, ctx.limits.max_page);
    pages = std::min<std::uint64_t>(pages, ctx.limits.max_depth / p.size);
    return static_cast<unsigned>(std::max<std::uint64_t>(pages, 1));
}

std::string pagination(const PageContext& ctx, const SearchParams& p, const SearchResult& r) {
    const unsigned last = last_page(ctx, p, r);
    if (last <= 1) return {};
    auto link = [&](unsigned page, const std::string& text, const char* rel) {
        SearchParams next = p;
        next.page = page;
        std::string attrs = rel ? std::string(" rel=\"") + rel + "\"" : std::string();
        if (page == p.page && !rel) attrs += " aria-current=\"page\"";
        return "<li><a href=\"" + href(ctx, next) + "\"" + attrs + ">" + text + "</a></li>\n";
    };
    std::string out = "<nav class=\"seiten\" aria-label=\"Seiten\">\n<ul>\n";
    if (p.page > 1) out += link(p.page - 1, "‹ Zurück", "prev");
    unsigned lo = p.page > 2 ? p.page - 2 : 1, hi = std::min(last, p.page + 2);
    if (lo > 1) out += link(1, "1", nullptr);
    if (lo > 2) out += "<li class=\"luecke\" aria-hidden=\"true\">…</li>\n";
    for (unsigned i = lo; i <= hi; ++i) out += link(i, std::to_string(i), nullptr);
    if (hi + 1 < last) out += "<li class=\"luecke\" aria-hidden=\"true\">…</li>\n";
    if (hi < last) out += link(last, std::to_string(last), nullptr);
    if (p.page < last) out += link(p.page + 1, "Weiter ›", "next");
    return out + "</ul>\n</nav>\n";
}

std::string did_you_mean(const PageContext& ctx, const SearchParams& p, const SearchResult& r) {
    if (!r.corrected_from.empty()) {  // nothing as written: the correction ran instead
        SearchParams original = first_page(p);
        original.correct = false;
        return "<p class=\"meinten\">Ergebnisse für „" + html(r.query_ran) +
               "“ – stattdessen suchen nach <a href=\"" + href(ctx, original) + "\">„" + html(r.corrected_from) +
               "“</a></p>\n";
    }
    if (r.suggestion.empty()) return {};
    SearchParams next = first_page(p);
    next.query = r.suggestion;
    return "<p class=\"meinten\">Meinten Sie <a href=\"" + href(ctx, next) + "\">„" + html(r.suggestion) +
           "“</a>?</p>\n";
}

std::string no_results(const PageContext& ctx, const SearchParams& p, const SearchResult& r) {
    std::string out = "<h1 id=\"treffer-titel\">Keine Treffer" +
                      (p.query.empty() ? std::string() : " für „" + html(p.query) + "“") + "</h1>\n";
    out += did_you_mean(ctx, p, r);
    if (r.total > 0) {
        SearchParams first = first_page(p);
        return out + "<p>Diese Seite der Ergebnisse gibt es nicht. <a href=\"" + href(ctx, first) +
               "\">Zur ersten Seite</a></p>\n";
    }
    out += "<p>Im Archiv gibt es keinen Artikel, der zu Ihrer Suche passt. Vielleicht hilft das:</p>\n<ul class=\"tipps\">\n";
    out += "<li>Prüfen Sie die Schreibweise der Suchbegriffe.</li>\n";
    out += "<li>Verwenden Sie weniger oder allgemeinere Wörter: Alle Wörter müssen vorkommen.</li>\n";
    if (p.query.find(' ') != std::string::npos && p.query.find('"') == std::string::npos) {
        SearchParams any = first_page(p);
        std::string joined;
        for (char c : p.query) joined += c == ' ' ? std::string(" OR ") : std::string(1, c);
        any.query = joined;
        out += "<li>Suchen Sie nach Artikeln mit <a href=\"" + href(ctx, any) + "\">einem der Wörter</a>.</li>\n";
    }
    out += "<li>Suchen Sie nach dem Wortanfang mit einem Stern, etwa <code>Fachkr*</code>.</li>\n";
    if (p.has_filters()) {
        SearchParams unfiltered;
        unfiltered.query = p.query;
        unfiltered.sort = p.sort;
        unfiltered.size = p.size;
        out += "<li>Ihre Suche ist eingegrenzt. <a href=\"" + href(ctx, unfiltered) +
               "\">Ohne Filter suchen</a> oder einzelne Filter entfernen:</li>\n";
    }
    out += "</ul>\n";
    return out + active_filters(ctx, p);
}

}  // namespace

SearchParams first_page(SearchParams params) {
    params.page = 1;
    return params;
}

std::string href(const PageContext& ctx, const SearchParams& p) { return html(ctx.search_url(p)); }

std::string hidden_filters(const PageContext& ctx, const SearchParams& p, bool with_dates) {
    std::string out;
    for (const std::string& r : p.regions) out += hidden("region", r);
    for (const std::string& t : p.topics) out += hidden("topic", t);
    if (with_dates && !p.from.empty()) out += hidden("from", p.from);
    if (with_dates && !p.to.empty()) out += hidden("to", p.to);
    if (p.sort != "relevance") out += hidden("sort", p.sort);
    if (p.size != ctx.limits.default_page_size) out += hidden("size", std::to_string(p.size));
    if (!p.recency) out += hidden("recency", "0");
    return out;
}

std::string active_filters(const PageContext& ctx, const SearchParams& p) {
    if (!p.has_filters()) return {};
    std::string out = "<div class=\"aktive-filter\">\n<h2 class=\"sr\">Aktive Filter</h2>\n<ul>\n";
    auto item = [&](const std::string& label, const SearchParams& without) {
        out += "<li><a href=\"" + href(ctx, first_page(without)) + "\" title=\"Filter entfernen\">" + html(label) +
               " <span aria-hidden=\"true\">✕</span><span class=\"sr\"> – Filter entfernen</span></a></li>\n";
    };
    for (const std::string& r : p.regions) {
        SearchParams w = p;
        w.regions = toggled(schema::regions(), w.regions, r);
        item("Region: " + r, w);
    }
    for (const std::string& t : p.topics) {
        SearchParams w = p;
        w.topics = toggled(schema::topics(), w.topics, t);
        item("Thema: " + t, w);
    }
    if (!p.from.empty() || !p.to.empty()) {
        SearchParams w = p;
        w.from.clear();
        w.to.clear();
        std::string label = "Zeitraum: " + (p.from.empty() ? std::string("…") : german_date(p.from)) + " – " +
                            (p.to.empty() ? std::string("…") : german_date(p.to));
        item(label, w);
    }
    return out + "</ul>\n</div>\n";
}

std::string results(const PageContext& ctx, const SearchParams& p, const SearchResult& r) {
    std::string out = "<main id=\"inhalt\" class=\"ergebnis\">\n<section class=\"liste\" aria-labelledby=\"treffer-titel\">\n";
    // A cluster answered without some of its parts: say so before the counts.
    const std::string partial =
        r.partial ? "<p class=\"teilweise\" role=\"status\">Ein Teil des Archivs ist gerade nicht erreichbar: "
                    "Treffer und Zahlen sind unvollständig. Bitte versuchen Sie es später noch einmal.</p>\n"
                  : std::string();
    if (r.hits.empty()) {
        out += no_results(ctx, p, r);
        out += partial;
    } else {
        std::string count = (r.total_exact ? "" : "etwa ") + german_number(r.total) + " Treffer";
        out += "<h1 id=\"treffer-titel\">" + count +
               (p.query.empty() ? std::string() : " für „" + html(p.query) + "“") + "</h1>\n";
        out += partial;
        out += "<p class=\"status\">Treffer " + german_number(r.offset + 1) + "–" +
               german_number(r.offset + r.hits.size()) + (p.page > 1 ? ", Seite " + std::to_string(p.page) : "") +
               "</p>\n";
        out += did_you_mean(ctx, p, r);
        out += active_filters(ctx, p);
        out += timeline(ctx, p, r);
        out += sort_links(ctx, p);
        out += "<ol class=\"treffer-liste\" start=\"" + std::to_string(r.offset + 1) + "\"";
        // Statistics on: klick.js reports which hit is opened (rank from start).
        if (!ctx.click_url.empty())
            out += " data-klick=\"" + html(ctx.click_url) + "\" data-klick-q=\"" + html(p.query) + "\"";
        out += ">\n";
        for (const searcher::Hit& h : r.hits) out += hit_item(h);
        out += "</ol>\n";
        out += pagination(ctx, p, r);
    }
    out += "</section>\n<aside class=\"filter\" aria-label=\"Suche eingrenzen\">\n<h2>Eingrenzen</h2>\n";
    out += facet_list(ctx, p, r, "region", "Region");
    out += facet_list(ctx, p, r, "topic", "Thema");
    // Years: the timeline above the hits shows them (with a table), so no list here.
    out += date_form(ctx, p);
    return out + "</aside>\n</main>\n";
}

}  // namespace news::web::parts
