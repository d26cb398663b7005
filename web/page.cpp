#include "web/page.hpp"

#include "schema/vocabulary.hpp"
#include "web/html.hpp"
#include "web/page_parts.hpp"

namespace news::web {

namespace {

/// `index` false: result and error pages, which search engines should not keep.
std::string head(const PageContext& ctx, const std::string& title, bool index) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    if (!index) out += "<meta name=\"robots\" content=\"noindex\">\n";
    out += "<title>" + html(title) + "</title>\n"
           "<link rel=\"stylesheet\" href=\"" + html(ctx.route_url("static/site.css")) + "\">\n"
           "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Archivsuche\" href=\"" +
           html(ctx.route_url("opensearch.xml")) + "\">\n";
    // Scripts only from files (the Content-Security-Policy allows no inline script).
    for (const char* script : {"static/suggest.js", "static/search.js"})
        out += "<script src=\"" + html(ctx.route_url(script)) + "\" defer></script>\n";
    if (!ctx.click_url.empty())
        out += "<script src=\"" + html(ctx.route_url("static/klick.js")) + "\" defer></script>\n";
    out += "</head>\n<body>\n<a class=\"skip\" href=\"#inhalt\">Zum Inhalt springen</a>\n";
    return out;
}

std::string search_form(const PageContext& ctx, const SearchParams& p, bool start) {
    std::string out = "<header class=\"kopf\">\n<p class=\"marke\"><a href=\"" + html(ctx.page_url()) +
                      "\">Nachrichtenarchiv</a></p>\n";
    out += "<form class=\"suche\" role=\"search\" method=\"get\" action=\"" + html(ctx.page_url()) +
           "\" data-suggest=\"" + html(ctx.route_url("api/suggest")) + "\">\n";
    out += "<label for=\"q\">Suche im Archiv</label>\n<div class=\"zeile\">\n";
    // suggest.js makes the box an ARIA combobox over the listbox below.
    out += "<input type=\"search\" id=\"q\" name=\"q\" value=\"" + html(p.query) + "\" maxlength=\"" +
           std::to_string(ctx.limits.max_query_bytes) + "\" autocomplete=\"off\" aria-describedby=\"q-hinweis\"" +
           (start ? " autofocus" : "") + ">\n";
    out += "<ul id=\"q-vorschlaege\" role=\"listbox\" aria-label=\"Vorschläge\" hidden></ul>\n";
    out += "<button type=\"submit\">Suchen</button>\n</div>\n";
    out += "<p id=\"q-hinweis\" class=\"hinweis\">Wörter in jeder Form, „Wortgruppen“ in Anführungszeichen, "
           "Fachkr* für Wortanfänge, titel:, region:, thema: für einzelne Felder. <a href=\"" +
           html(ctx.route_url("suchtipps")) + "\">Suchtipps</a></p>\n";
    out += parts::hidden_filters(ctx, p, true);
    out += "</form>\n";
    // search.js announces the count of hits here when results change while typing.
    out += "<p id=\"suche-status\" class=\"sr\" role=\"status\" aria-live=\"polite\"></p>\n";
    out += "</header>\n";
    return out;
}

std::string footer(const PageContext& ctx) {
    return "<footer class=\"fuss\">\n<p>Nachrichtenarchiv · <a href=\"" + html(ctx.page_url()) +
           "\">Neue Suche</a> · <a href=\"" + html(ctx.route_url("suchtipps")) +
           "\">Suchtipps</a></p>\n</footer>\n</body>\n</html>\n";
}

std::string browse_list(const PageContext& ctx, const char* heading, const schema::Vocabulary& vocab, bool region) {
    std::string out = "<section class=\"stoebern\">\n<h2>" + std::string(heading) + "</h2>\n<ul>\n";
    for (const std::string& label : vocab.labels()) {
        SearchParams p;
        (region ? p.regions : p.topics).push_back(label);
        p.size = ctx.limits.default_page_size;
        out += "<li><a href=\"" + parts::href(ctx, p) + "\">" + html(label) + "</a></li>\n";
    }
    return out + "</ul>\n</section>\n";
}

std::string start_page(const PageContext& ctx) {
    auto example = [&](const std::string& q, const std::string& text) {
        SearchParams p;
        p.query = q;
        p.size = ctx.limits.default_page_size;
        return "<li><a href=\"" + parts::href(ctx, p) + "\"><code>" + html(q) + "</code></a> " + text + "</li>\n";
    };
    std::string out = "<main id=\"inhalt\" class=\"start\">\n<h1>Suche im Nachrichtenarchiv</h1>\n";
    out += "<p>Durchsuchen Sie alle Meldungen und Pressemitteilungen des Archivs. Die Suche findet Wörter "
           "in jeder Form: „Metropolregion“ findet auch „Metropolregionen“.</p>\n";
    out += "<h2>So suchen Sie</h2>\n<ul class=\"tipps\">\n";
    out += example("Fachkräftesicherung", "– ein Wort in allen Formen");
    out += example("\"Tag der Regionen\"", "– eine genaue Wortgruppe");
    out += example("Fachkr*", "– alle Wörter, die so beginnen");
    out += example("Wasserstoff NOT Industrie", "– mit NOT ein Wort ausschließen");
    out += example("titel:Wasserstoff", "– nur in Überschriften");
    out += example("datum:2024-01-01..2024-12-31", "– nur aus einem Zeitraum");
    out += "</ul>\n<p><a href=\"" + html(ctx.route_url("suchtipps")) + "\">Alle Suchtipps</a></p>\n";
    out += browse_list(ctx, "Nach Region stöbern", schema::regions(), true);
    out += browse_list(ctx, "Nach Thema stöbern", schema::topics(), false);
    return out + "</main>\n";
}

std::string error_page(const PageContext& ctx, const SearchParams& p, const std::string& message) {
    std::string out = "<main id=\"inhalt\" class=\"fehlerseite\">\n<h1>Die Suche konnte nicht ausgeführt werden</h1>\n";
    out += "<p class=\"fehler\" role=\"alert\">" + html(message) + "</p>\n";
    out += parts::active_filters(ctx, p);
    out += "<p><a href=\"" + html(ctx.page_url()) + "\">Zur Startseite der Suche</a></p>\n</main>\n";
    return out;
}

std::string page_title(const PageModel& m) {
    if (!m.error.empty()) return "Fehler – Nachrichtenarchiv";
    if (!m.result) return "Suche im Nachrichtenarchiv";
    std::string what = m.params.query.empty() ? "Artikel" : "„" + m.params.query + "“";
    std::string title = what + " – " + german_number(m.result->total) + " Treffer";
    if (m.params.page > 1) title += ", Seite " + std::to_string(m.params.page);
    return title + " – Nachrichtenarchiv";
}

}  // namespace

std::string PageContext::search_url(const SearchParams& p) const {
    std::string query = build_query_string(p.to_params(limits.default_page_size));
    return query.empty() ? page_url() : page_url() + "?" + query;
}

std::string render_page(const PageContext& ctx, const PageModel& m) {
    std::string out = head(ctx, page_title(m), !m.result && m.error.empty());
    out += search_form(ctx, m.params, !m.result && m.error.empty());
    if (!m.error.empty()) out += error_page(ctx, m.params, m.error);
    else if (m.result) out += parts::results(ctx, m.params, *m.result);
    else out += start_page(ctx);
    out += footer(ctx);
    return out;
}

std::string render_help_page(const PageContext& ctx) {
    return head(ctx, "Suchtipps – Nachrichtenarchiv", true) + search_form(ctx, SearchParams{}, false) +
           parts::help(ctx) + footer(ctx);
}

}  // namespace news::web
