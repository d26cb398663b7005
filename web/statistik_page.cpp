#include "web/statistik_page.hpp"

#include "web/html.hpp"

#include <algorithm>
#include <cstdio>

namespace news::web {

namespace {

std::string percent(double rate) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", rate * 100);
    std::string s = buf;
    std::replace(s.begin(), s.end(), '.', ',');
    return s + " %";
}

std::string query_table(const char* heading, const char* empty, const std::vector<stats::QueryRow>& rows,
                        const std::vector<stats::ZeroHitHelp>* help) {
    std::string out = "<section>\n<h2>" + std::string(heading) + "</h2>\n";
    if (rows.empty()) return out + "<p>" + empty + "</p>\n</section>\n";
    out += "<table>\n<thead><tr><th scope=\"col\">Suchbegriffe</th><th scope=\"col\">Suchen</th>"
           "<th scope=\"col\">ohne Treffer</th><th scope=\"col\">Klicks</th>";
    if (help) out += "<th scope=\"col\">Hätte gefunden</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < rows.size(); ++i) {
        const stats::QueryRow& q = rows[i];
        out += "<tr><td>" + html(q.query) + "</td><td>" + german_number(q.searches) + "</td><td>" +
               german_number(q.without_hits()) + "</td><td>" + german_number(q.clicks) + "</td>";
        if (help) {
            std::string cell;
            if (i < help->size()) {
                const stats::ZeroHitHelp& h = (*help)[i];
                if (!h.suggestion.empty())
                    cell += "Schreibweise „" + html(h.suggestion) + "“: " + german_number(h.suggestion_hits) + " Treffer";
                if (!h.synonym_query.empty())
                    cell += (cell.empty() ? "" : "; ") + std::string("Synonym „") + html(h.synonym_query) +
                            "“: " + german_number(h.synonym_hits) + " Treffer";
            }
            out += "<td>" + (cell.empty() ? std::string("–") : cell) + "</td>";
        }
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string searches_chart(const stats::Report& r) {
    const int width = 720, height = 200, top = 10, bottom = 30, left = 40;
    std::uint64_t max = 1;
    for (const stats::DayRow& d : r.days) max = std::max(max, d.searches);
    const size_t n = std::max<size_t>(r.days.size(), 1);
    const double slot = static_cast<double>(width - left) / static_cast<double>(n);
    const double bar = std::max(1.0, slot * 0.8);
    std::string out = "<svg class=\"diagramm\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) +
                      "\" role=\"img\" aria-labelledby=\"diagramm-titel\">\n<title id=\"diagramm-titel\">Suchen pro Tag vom " +
                      html(german_date(r.from)) + " bis " + html(german_date(r.to)) + ", höchstens " +
                      german_number(max) + " an einem Tag</title>\n";
    const int base = height - bottom;
    out += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(base) + "\" x2=\"" +
           std::to_string(width) + "\" y2=\"" + std::to_string(base) + "\" stroke=\"#555\"/>\n";
    out += "<text x=\"" + std::to_string(left - 4) + "\" y=\"" + std::to_string(top + 10) +
           "\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">" + german_number(max) + "</text>\n";
    out += "<text x=\"" + std::to_string(left - 4) + "\" y=\"" + std::to_string(base) +
           "\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">0</text>\n";
    char buf[256];
    for (size_t i = 0; i < r.days.size(); ++i) {
        const stats::DayRow& d = r.days[i];
        const double h = static_cast<double>(base - top) * static_cast<double>(d.searches) / static_cast<double>(max);
        const double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
        std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2a6ebb\">",
                      x, base - h, bar, h);
        out += buf;
        out += "<title>" + html(german_date(d.day)) + ": " + german_number(d.searches) + " Suchen</title></rect>\n";
    }
    if (!r.days.empty()) {
        out += "<text x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(height - 8) +
               "\" font-size=\"12\" fill=\"#333\">" + html(german_date(r.days.front().day)) + "</text>\n";
        out += "<text x=\"" + std::to_string(width) + "\" y=\"" + std::to_string(height - 8) +
               "\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">" + html(german_date(r.days.back().day)) +
               "</text>\n";
    }
    return out + "</svg>\n";
}

std::string render_statistik(const PageContext& ctx, const stats::Report& r, const std::string& message) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        "<title>Suchstatistik – Nachrichtenarchiv</title>\n"
        "<link rel=\"stylesheet\" href=\"" + html(ctx.route_url("static/site.css")) + "\">\n"
        "</head>\n<body>\n<main id=\"inhalt\" class=\"statistik\">\n<h1>Suchstatistik</h1>\n";
    out += "<form method=\"get\" action=\"" + html(ctx.route_url("statistik")) + "\">\n"
           "<p><label for=\"von\">Von</label> <input type=\"date\" id=\"von\" name=\"von\" value=\"" + html(r.from) +
           "\"> <label for=\"bis\">bis</label> <input type=\"date\" id=\"bis\" name=\"bis\" value=\"" + html(r.to) +
           "\"> <button type=\"submit\">Anzeigen</button></p>\n</form>\n";
    if (!message.empty()) {
        out += "<p class=\"fehler\" role=\"alert\">" + html(message) + "</p>\n";
    } else {
        out += "<p>Vom " + html(german_date(r.from)) + " bis " + html(german_date(r.to)) + ": " +
               german_number(r.searches) + " Suchen, davon " + german_number(r.with_hits) + " mit Treffern; " +
               german_number(r.clicks) + " Klicks auf Treffer. " + german_number(r.rare_searches) +
               " Suchen galten seltenen Begriffen; sie werden nur gezählt, nie mit Wortlaut gespeichert.</p>\n";
        out += "<section>\n<h2>Suchen pro Tag</h2>\n" + searches_chart(r) + "</section>\n";
        out += query_table("Häufigste Suchen", "Keine Suche wurde oft genug gestellt.", r.top, nullptr);
        out += query_table("Häufigste Suchen ohne Treffer", "Jede häufige Suche hat etwas gefunden.", r.zero_hits,
                           r.zero_hit_help.empty() ? nullptr : &r.zero_hit_help);
        out += query_table("Suchen mit Treffern, aber ohne Klick", "Keine.", r.no_clicks, nullptr);
        out += "<section>\n<h2>Klicks nach Rang</h2>\n";
        if (r.ranks.empty()) {
            out += "<p>Noch keine Klicks.</p>\n";
        } else {
            out += "<table>\n<thead><tr><th scope=\"col\">Rang</th><th scope=\"col\">Klicks</th>"
                   "<th scope=\"col\">Klickrate</th></tr></thead>\n<tbody>\n";
            for (const stats::RankRow& k : r.ranks)
                out += "<tr><td>" + std::to_string(k.rank) + "</td><td>" + german_number(k.clicks) + "</td><td>" +
                       percent(k.rate) + "</td></tr>\n";
            out += "</tbody>\n</table>\n";
        }
        out += "</section>\n";
    }
    out += "<p class=\"hinweis\">Gezählt werden nur die Suchbegriffe (ohne Zahlen), Tag, Trefferzahl und Klicks – "
           "keine IP-Adressen, keine Cookies.</p>\n</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace news::web
