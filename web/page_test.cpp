#include "web/page.hpp"

#include <catch2/catch.hpp>

using namespace news::web;
using news::searcher::FacetValue;
using news::searcher::Hit;
using news::searcher::SearchResult;

namespace {

SearchParams params_of(const std::string& query) { return parse_search_params(parse_query_string(query), Limits{}); }

SearchResult sample_result(unsigned total, unsigned offset) {
    SearchResult r;
    r.total = total;
    r.offset = offset;
    r.limit = 10;
    Hit h;
    h.rank = offset + 1;
    h.title = "Deutsche Metropolregionen treffen sich in Hamburg";
    h.url = "https://www.mitteldeutschland.com/de/news/metropolregionen-treffen-sich-in-hamburg/";
    h.date = "2024-11-21";
    h.regions = {"Mitteldeutschland"};
    h.topics = {"Fachkräfte"};
    h.snippet = "Thema <mark>Fachkräftesicherung</mark> &amp; mehr";
    r.hits.push_back(h);
    r.facets["region"] = {FacetValue{"Hamburg", 3}, FacetValue{"Mitteldeutschland", 2}};
    r.facets["topic"] = {FacetValue{"Fachkräfte", 4}};
    r.facets["year"] = {FacetValue{"2024", 2}, FacetValue{"2023", 1}};
    r.facets["month"] = {FacetValue{"2024-11", 2}, FacetValue{"2023-10", 1}};
    return r;
}

bool contains(const std::string& page, const std::string& part) { return page.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the start page is German, accessible and has the search form", "[web][page]") {
    PageContext ctx;
    std::string page = render_page(ctx, PageModel{});
    CHECK(contains(page, "<html lang=\"de\">"));
    CHECK(contains(page, "name=\"viewport\""));
    CHECK(contains(page, "<form class=\"suche\" role=\"search\" method=\"get\" action=\"/\""));
    CHECK(contains(page, "<label for=\"q\">"));
    CHECK(contains(page, "<ul id=\"q-vorschlaege\" role=\"listbox\""));
    CHECK(contains(page, "<p id=\"suche-status\" class=\"sr\" role=\"status\" aria-live=\"polite\"></p>"));
    CHECK(contains(page, "<script src=\"/static/search.js\" defer></script>"));
    CHECK(contains(page, "href=\"/static/site.css\""));
    CHECK(contains(page, "href=\"/opensearch.xml\""));
    CHECK(contains(page, "Nach Region stöbern"));
    CHECK(contains(page, "href=\"/?region=Hamburg\""));
}

TEST_CASE("hostile input is escaped wherever the page echoes it", "[web][page][escaping]") {
    PageContext ctx;
    const std::string evil = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";
    PageModel m;
    m.params.query = evil;
    m.params.regions = {"\"><b>x</b>"};
    m.params.from = "2024-01-01";
    SearchResult r = sample_result(0, 0);
    r.hits.clear();
    r.suggestion = "<i>meinten</i>";
    m.result = &r;
    std::string page = render_page(ctx, m);
    CHECK_FALSE(contains(page, "<script>alert"));
    CHECK_FALSE(contains(page, "<img src=x"));
    CHECK_FALSE(contains(page, "\"><b>"));
    CHECK_FALSE(contains(page, "<i>meinten"));
    CHECK(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(page, "value=\"&lt;script&gt;"));
    CHECK(contains(page, "%3Cscript%3E"));  // in links: percent-encoded
    CHECK(contains(page, "&lt;i&gt;meinten&lt;/i&gt;"));

    SearchResult hostile = sample_result(1, 0);
    hostile.hits[0].title = "<b>Titel</b>";
    hostile.hits[0].url = "javascript:alert(1)";
    hostile.hits[0].regions = {"<u>R</u>"};
    m.params.query = "x";
    m.result = &hostile;
    page = render_page(ctx, m);
    CHECK_FALSE(contains(page, "javascript:"));
    CHECK(contains(page, "&lt;b&gt;Titel&lt;/b&gt;"));
    CHECK(contains(page, "&lt;u&gt;R&lt;/u&gt;"));

    PageModel error;
    error.params.query = evil;
    error.error = "Fehler <x>";
    page = render_page(ctx, error);
    CHECK_FALSE(contains(page, "<script>alert"));
    CHECK(contains(page, "Fehler &lt;x&gt;"));
}

TEST_CASE("a result page lists hits with date, region, topic and highlighted snippet", "[web][page]") {
    PageContext ctx;
    SearchResult r = sample_result(57, 10);
    PageModel m{params_of("q=Fachkr%C3%A4ftesicherung&page=2"), &r, ""};
    std::string page = render_page(ctx, m);
    CHECK(contains(page, "57 Treffer für „Fachkräftesicherung“"));
    CHECK(contains(page, "<ol class=\"treffer-liste\" start=\"11\">"));
    CHECK(contains(page, "<a href=\"https://www.mitteldeutschland.com/de/news/metropolregionen-treffen-sich-in-hamburg/\">"
                         "Deutsche Metropolregionen treffen sich in Hamburg</a>"));
    CHECK(contains(page, "<time datetime=\"2024-11-21\">21. November 2024</time>"));
    // Result pages are not for search engines; the start page is.
    CHECK(contains(page, "<meta name=\"robots\" content=\"noindex\">"));
    CHECK_FALSE(contains(render_page(ctx, PageModel{}), "noindex"));
    CHECK(contains(page, "Thema <mark>Fachkräftesicherung</mark> &amp; mehr"));
    CHECK(contains(page, "<title>„Fachkräftesicherung“ – 57 Treffer, Seite 2 – Nachrichtenarchiv</title>"));
}

TEST_CASE("facet links add a filter, and remove it when active", "[web][page][facets]") {
    PageContext ctx;
    SearchResult r = sample_result(5, 0);
    PageModel m{params_of("q=Hafen&region=Hamburg&page=1"), &r, ""};
    std::string page = render_page(ctx, m);
    // Hamburg is active: its link removes it; Mitteldeutschland adds to it.
    CHECK(contains(page, "<a href=\"/?q=Hafen\" class=\"aktiv\" aria-current=\"true\">"));
    CHECK(contains(page, "href=\"/?q=Hafen&amp;region=Hamburg&amp;region=Mitteldeutschland\""));
    CHECK(contains(page, "href=\"/?q=Hafen&amp;region=Hamburg&amp;topic=Fachkr%C3%A4fte\""));
    // A month of the timeline sets the date range.
    CHECK(contains(page, "href=\"/?q=Hafen&amp;region=Hamburg&amp;from=2024-11-01&amp;to=2024-11-30\""));
    // The active filter can be removed from the list of filters too.
    CHECK(contains(page, "Region: Hamburg"));
    // The date form carries the other filters.
    CHECK(contains(page, "<input type=\"hidden\" name=\"region\" value=\"Hamburg\">"));
    CHECK(contains(page, "name=\"from\""));
    CHECK(contains(page, "<label for=\"von\">Erschienen ab</label>"));
    CHECK(contains(page, "<label for=\"bis\">Erschienen bis</label>"));
}

TEST_CASE("the timeline: an SVG bar per period linking to it, the date filter on it, a table", "[web][page][timeline]") {
    PageContext ctx;
    SearchResult r = sample_result(3, 0);
    PageModel m{params_of("q=Hafen"), &r, ""};
    std::string page = render_page(ctx, m);
    // 2023-10 … 2024-11: 14 months, two of them with matches.
    CHECK(contains(page, "<h2 id=\"zeitleiste-titel\">Treffer nach Monaten</h2>"));
    CHECK(contains(page, "<svg class=\"zeitleiste-grafik\" viewBox=\"0 0 140 100\""));
    CHECK(contains(page, "<a href=\"/?q=Hafen&amp;from=2023-10-01&amp;to=2023-10-31\" "
                         "aria-label=\"Oktober 2023: 1 Treffer – nur diesen Zeitraum\"><title>Oktober 2023: 1 Treffer</title>"));
    CHECK(contains(page, "<th scope=\"row\"><a href=\"/?q=Hafen&amp;from=2024-11-01&amp;to=2024-11-30\">November 2024</a></th><td>2</td>"));
    CHECK(contains(page, "<th scope=\"row\">Dezember 2023</th><td>0</td>"));
    CHECK_FALSE(contains(page, "style="));
    CHECK_FALSE(contains(page, "<h3>Jahr</h3>"));  // the timeline stands for the years

    // The filter is that month: its bar is marked and its link removes the filter.
    PageModel filtered{params_of("q=Hafen&from=2024-11-01&to=2024-11-30"), &r, ""};
    page = render_page(ctx, filtered);
    CHECK(contains(page, "Gewählter Zeitraum: 01.11.2024 – 30.11.2024"));
    CHECK(contains(page, "<a href=\"/?q=Hafen\" aria-label=\"November 2024: 2 Treffer – Zeitraum entfernen\" aria-current=\"true\">"));
    CHECK(contains(page, "class=\"balken gewaehlt\""));
    CHECK(contains(page, "value=\"01.11.2024\""));  // the date field shows it the German way

    // Years beyond two years; nothing dated: no timeline.
    r.facets["month"] = {FacetValue{"2019-05", 1}, FacetValue{"2024-11", 2}};
    CHECK(contains(render_page(ctx, m), "Treffer nach Jahren"));
    r.facets["month"].clear();
    CHECK_FALSE(contains(render_page(ctx, m), "zeitleiste"));
}

TEST_CASE("the Suchtipps page explains the query language with examples that search", "[web][page]") {
    PageContext ctx;
    std::string page = render_help_page(ctx);
    CHECK(contains(page, "<h1>Suchtipps</h1>"));
    CHECK(contains(page, "<a class=\"beispiel\" href=\"/?q=Fachkr%2A\"><code>Fachkr*</code></a>"));
    size_t examples = 0;
    for (size_t at = page.find("class=\"beispiel\""); at != std::string::npos; at = page.find("class=\"beispiel\"", at + 1))
        ++examples;
    CHECK(examples >= 10);
    // Linked from every page.
    CHECK(contains(render_page(ctx, PageModel{}), "href=\"/suchtipps\""));
}

TEST_CASE("facet links reset paging, sort links keep the filters", "[web][page]") {
    PageContext ctx;
    SearchResult r = sample_result(50, 20);
    PageModel m{params_of("q=Hafen&page=3"), &r, ""};
    std::string page = render_page(ctx, m);
    CHECK(contains(page, "href=\"/?q=Hafen&amp;region=Hamburg\""));
    CHECK(contains(page, "href=\"/?q=Hafen&amp;sort=date\""));
    CHECK(contains(page, "<strong aria-current=\"true\">Relevanz</strong>"));
}

TEST_CASE("pagination: previous, window, last, next", "[web][page][paging]") {
    PageContext ctx;
    SearchResult r = sample_result(95, 40);
    PageModel m{params_of("q=Hafen&page=5"), &r, ""};
    std::string page = render_page(ctx, m);
    CHECK(contains(page, "<a href=\"/?q=Hafen&amp;page=4\" rel=\"prev\">‹ Zurück</a>"));
    CHECK(contains(page, "<a href=\"/?q=Hafen&amp;page=6\" rel=\"next\">Weiter ›</a>"));
    CHECK(contains(page, "<a href=\"/?q=Hafen&amp;page=5\" aria-current=\"page\">5</a>"));
    CHECK(contains(page, "<a href=\"/?q=Hafen\">1</a>"));
    CHECK(contains(page, ">10</a>"));
    CHECK_FALSE(contains(page, ">11</a>"));

    SearchResult last = sample_result(95, 90);
    PageModel at_end{params_of("q=Hafen&page=10"), &last, ""};
    page = render_page(ctx, at_end);
    CHECK_FALSE(contains(page, "rel=\"next\""));

    SearchResult one = sample_result(3, 0);
    PageModel single{params_of("q=Hafen"), &one, ""};
    CHECK_FALSE(contains(render_page(ctx, single), "class=\"seiten\""));
}

TEST_CASE("no results: tips, did-you-mean and ways out", "[web][page]") {
    PageContext ctx;
    SearchResult r;
    r.suggestion = "Fachkräftesicherung";
    PageModel m{params_of("q=Fachkr%C3%A4ftesicherng+Hafen&topic=Verkehr"), &r, ""};
    std::string page = render_page(ctx, m);
    CHECK(contains(page, "Keine Treffer für „Fachkräftesicherng Hafen“"));
    CHECK(contains(page, "Meinten Sie <a href=\"/?q=Fachkr%C3%A4ftesicherung&amp;topic=Verkehr\">„Fachkräftesicherung“</a>?"));
    CHECK(contains(page, "href=\"/?q=Fachkr%C3%A4ftesicherng%20OR%20Hafen&amp;topic=Verkehr\""));
    CHECK(contains(page, "Ohne Filter suchen"));
    CHECK(contains(page, "Prüfen Sie die Schreibweise"));
}

TEST_CASE("a CGI base prefixes every link", "[web][page][cgi]") {
    PageContext ctx;
    ctx.base = "/cgi-bin/news-search.cgi";
    SearchResult r = sample_result(30, 0);
    PageModel m{params_of("q=Hafen"), &r, ""};
    std::string page = render_page(ctx, m);
    CHECK(contains(page, "action=\"/cgi-bin/news-search.cgi\""));
    CHECK(contains(page, "href=\"/cgi-bin/news-search.cgi/static/site.css\""));
    CHECK(contains(page, "data-suggest=\"/cgi-bin/news-search.cgi/api/suggest\""));
    CHECK(contains(page, "href=\"/cgi-bin/news-search.cgi?q=Hafen&amp;page=2\""));
    CHECK_FALSE(contains(page, "href=\"/?"));
}

TEST_CASE("a hit says how many near-duplicates it stands for", "[web][page]") {
    PageContext ctx;
    SearchResult r = sample_result(3, 0);
    r.hits[0].similar = 1;
    PageModel m{params_of("q=Tagung"), &r, ""};
    CHECK(contains(render_page(ctx, m), "1 ähnlicher Artikel"));
    r.hits[0].similar = 2;
    CHECK(contains(render_page(ctx, m), "2 ähnliche Artikel"));
}

TEST_CASE("no hits as typed: the correction's hits, and a link to the query as typed", "[web][page][autocorrect]") {
    PageContext ctx;
    SearchResult r = sample_result(3, 0);
    r.query = "Quartiersmanagment";
    r.query_ran = "Quartiersmanagement";
    r.corrected_from = "Quartiersmanagment";
    PageModel m{params_of("q=Quartiersmanagment"), &r, ""};
    std::string page = render_page(ctx, m);
    CHECK(contains(page, "Ergebnisse für „Quartiersmanagement“ – stattdessen suchen nach "
                         "<a href=\"/?q=Quartiersmanagment&amp;correct=0\">„Quartiersmanagment“</a>"));
    CHECK_FALSE(contains(page, "Meinten Sie"));
    CHECK(params_of("q=a&correct=0").to_request().correct == false);
    CHECK(params_of("q=a").to_request().correct);
}
