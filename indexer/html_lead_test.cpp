#include "indexer/html_dom.hpp"
#include "indexer/html_lead.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace news::indexer::html;

namespace {

const std::string kBody =
    "<div id='body' class='article-body'><p>Der Rat hat am Dienstag den Haushalt beschlossen, nach langer "
    "Debatte.</p></div>";

/// The leads found before the element with id "body", as their ids.
std::vector<std::string> leads_of(const std::string& page) {
    DocPtr doc = parse_html("<html><body>" + page + "</body></html>", "UTF-8");
    REQUIRE(doc);
    xmlNode* container = nullptr;
    std::function<void(xmlNode*)> find = [&](xmlNode* n) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (attr(c, "id") == "body") container = c;
            if (is_element(c)) find(c);
        }
    };
    find(xmlDocGetRootElement(doc.get()));
    REQUIRE(container);
    std::vector<std::string> out;
    for (xmlNode* n : find_leads(container)) out.push_back(attr(n, "id"));
    return out;
}

}  // namespace

TEST_CASE("a lead in the article's header is found", "[html][lead]") {
    CHECK(leads_of("<article><header><h1>Titel</h1><p id='l' class='article__lead'>Die Stadt spart: der Haushalt "
                   "für 2025 ist beschlossen.</p></header>" +
                   kBody + "</article>") == std::vector<std::string>{"l"});
    CHECK(leads_of("<article><h2 id='d' class='article-deck'>Die Stadt spart: der Haushalt für 2025 ist "
                   "beschlossen.</h2>" + kBody + "</article>") == std::vector<std::string>{"d"});
    CHECK(leads_of("<div><div><p id='v' class='vorspann'>Die Stadt spart: der Haushalt für 2025 ist beschlossen "
                   "worden.</p></div>" +
                   kBody + "</div>") == std::vector<std::string>{"v"});
}

TEST_CASE("a paragraph of sentences in the article's <header> is its lead, named or not", "[html][lead]") {
    CHECK(leads_of("<article><header><h1>Titel</h1><p id='by'>Von Erika Muster</p><p id='l'>Die Stadt spart: der "
                   "Haushalt für 2025 ist nach langer Debatte beschlossen.</p></header><div>" +
                   kBody + "</div></article>") == std::vector<std::string>{"l"});
}

TEST_CASE("a header before the <article> is the article's header", "[html][lead]") {
    CHECK(leads_of("<section><header><h1>Titel</h1><h2 id='s' class='article-subheadline'>Die Stadt spart: der "
                   "Haushalt für 2025 ist beschlossen.</h2></header><article>" +
                   kBody + "</article></section>") == std::vector<std::string>{"s"});
}

TEST_CASE("no lead from other articles, link lists or after the text", "[html][lead]") {
    // a teaser's lead in another <article>, before the story's <article>
    CHECK(leads_of("<article><p id='t' class='lead'>Ein ganz anderer Bericht über etwas ganz anderes heute.</p>"
                   "</article><article>" +
                   kBody + "</article>")
              .empty());
    // named like a lead, but links
    CHECK(leads_of("<article><div id='x' class='intro'><a href='/a'>Erster verlinkter Artikel mit langem Titel</a> "
                   "<a href='/b'>Zweiter</a></div>" +
                   kBody + "</article>")
              .empty());
    // after the container
    CHECK(leads_of("<article>" + kBody + "<p id='s' class='summary'>Eine Zusammenfassung am Ende des Artikels.</p>"
                                         "</article>")
              .empty());
}
