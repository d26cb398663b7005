// The "Suchtipps" page: how to search, in plain German, each rule with an
// example that runs the search (the browser test follows every example).
#include "web/html.hpp"
#include "web/page_parts.hpp"

namespace news::web::parts {

namespace {

struct Tip {
    const char* heading;
    const char* text;
    const char* example;  ///< the query of the example link
    const char* finds;    ///< what the example finds
};

// Each example must find something in any archive of the Metropolregionen
// (the browser test checks them on corpus/).
constexpr Tip kTips[] = {
    {"Wörter in jeder Form",
     "Geben Sie ein Wort ein, wie es Ihnen einfällt. Die Suche findet es auch in anderen Formen: in der Mehrzahl, "
     "gebeugt oder als Teil eines zusammengesetzten Wortes. Groß- und Kleinschreibung spielt keine Rolle.",
     "Metropolregionen", "findet auch „Metropolregion“ und „Metropolregionen“"},
    {"Mehrere Wörter",
     "Mehrere Wörter grenzen die Suche ein: Gefunden werden Artikel, in denen alle Wörter vorkommen.",
     "Wasserstoff Hamburg", "Artikel, die Wasserstoff und Hamburg erwähnen"},
    {"Umlaute", "Wenn Ihre Tastatur keine Umlaute hat, schreiben Sie ae, oe, ue und ss.", "Muenchen",
     "findet „München“"},
    {"Eine genaue Wortgruppe",
     "Setzen Sie Wörter in Anführungszeichen, wenn sie genau so hintereinander stehen sollen.",
     "\"Tag der Regionen\"", "nur Artikel mit genau dieser Wortgruppe"},
    {"Das eine oder das andere",
     "Mit OR (in Großbuchstaben) zwischen zwei Wörtern genügt eines von beiden.", "Wasserstoff OR Photonik",
     "Artikel über Wasserstoff oder über Photonik"},
    {"Wörter ausschließen",
     "Mit NOT oder einem Minuszeichen direkt vor einem Wort fallen Artikel mit diesem Wort heraus.",
     "Wasserstoff -Hamburg", "Artikel über Wasserstoff, die Hamburg nicht erwähnen"},
    {"Wortanfänge",
     "Ein Stern am Ende steht für beliebige weitere Buchstaben. Vor dem Stern sollten mindestens drei Buchstaben "
     "stehen.",
     "Fachkr*", "Fachkräfte, Fachkräftesicherung, Fachkräftemangel …"},
    {"Nur in der Überschrift", "Mit titel: vor einem Wort zählen nur Überschriften.", "titel:Wasserstoff",
     "Artikel mit Wasserstoff in der Überschrift"},
    {"Nach Region oder Thema",
     "Mit region: oder thema: grenzen Sie auf eine Metropolregion oder ein Thema ein. Dasselbe geht mit den Filtern "
     "neben den Treffern.",
     "thema:Verkehr region:Berlin-Brandenburg", "Verkehrsmeldungen aus Berlin-Brandenburg"},
    {"Nach Zeit",
     "Mit jahr: suchen Sie in einem Jahr, mit datum: in einem Zeitraum (Datum als Jahr-Monat-Tag, dazwischen zwei "
     "Punkte). Oder klicken Sie auf einen Balken der Zeitleiste über den Treffern.",
     "Metropolregion datum:2024-01-01..2024-12-31", "Artikel aus dem Jahr 2024"},
    {"Klammern", "Klammern fassen Teile der Suche zusammen.", "(Wasserstoff OR Fachkräfte) jahr:2020",
     "Artikel aus 2020 über Wasserstoff oder Fachkräfte"},
};

}  // namespace

std::string help(const PageContext& ctx) {
    std::string out = "<main id=\"inhalt\" class=\"suchtipps\">\n<h1>Suchtipps</h1>\n";
    out += "<p>So finden Sie Meldungen und Pressemitteilungen im Archiv. Jedes Beispiel ist ein Link: "
           "Er führt die Suche aus.</p>\n";
    for (const Tip& t : kTips) {
        SearchParams p;
        p.query = t.example;
        p.size = ctx.limits.default_page_size;
        out += "<section class=\"tipp\">\n<h2>" + html(t.heading) + "</h2>\n<p>" + html(t.text) + "</p>\n";
        out += "<p>Beispiel: <a class=\"beispiel\" href=\"" + href(ctx, p) + "\"><code>" + html(t.example) +
               "</code></a> – " + html(t.finds) + "</p>\n</section>\n";
    }
    out += "<h2>Wenn nichts gefunden wird</h2>\n<p>Prüfen Sie die Schreibweise, verwenden Sie weniger Wörter oder "
           "entfernen Sie Filter. Bei einem Tippfehler schlägt die Suche oft die richtige Schreibweise vor "
           "(„Meinten Sie …?“).</p>\n";
    out += "<p><a href=\"" + html(ctx.page_url()) + "\">Zur Suche</a></p>\n";
    return out + "</main>\n";
}

}  // namespace news::web::parts
