#include "indexer/document_builder.hpp"

#include "indexer/stored_article.hpp"
#include "schema/document_data.hpp"
#include "schema/schema.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace news::indexer;
namespace schema = news::schema;

namespace {

std::set<std::string> terms_of(const Xapian::Document& d) {
    std::set<std::string> out;
    for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) out.insert(*t);
    return out;
}

Article sample() {
    Article a;
    a.id = "https://x.de/a";
    a.url = "https://x.de/a";
    a.title = "Metropolregionen tagen";
    a.body = "Die Fachkräftesicherung stand im Mittelpunkt.";
    a.author = "Jan Opitz";
    a.date = "2024-11-21";
    a.regions = {"Mitteldeutschland", "Hamburg"};
    a.topics = {"Fachkräfte"};
    a.path = "html/a.html";
    return a;
}

}  // namespace

TEST_CASE("every schema field lands in its terms and slots", "[document]") {
    DocumentBuilder b;
    BuiltDocument d = b.build(sample(), "/src/html/a.html");
    auto terms = terms_of(d.doc);
    CHECK(d.id_term == "Qhttps://x.de/a");
    for (const char* t : {"Qhttps://x.de/a", "Uhttps://x.de/a", "metropolregion", "Smetropolregion", "Stag",
                          "fachkräftesicher", "Aopitz", "D20241121", "M202411", "Y2024", "XREGIONmitteldeutschland",
                          "XREGIONhamburg", "XTOPICfachkraefte", "XFILE/src/html/a.html"}) {
        CAPTURE(t);
        CHECK(terms.count(t) == 1);
    }
    CHECK(d.doc.get_value(schema::slot(schema::Slot::DATE)) == "20241121");
    CHECK(d.doc.get_value(schema::slot(schema::Slot::YEAR)) == "2024");
    CHECK(d.doc.get_value(schema::slot(schema::Slot::REGION)) == std::string("Mitteldeutschland\x1fHamburg"));
    const std::string stored = d.doc.get_data();
    const auto parts = schema::split_document_data(stored);
    REQUIRE(parts.body_outside);
    CHECK(parts.body == sample().body);
    auto data = nlohmann::json::parse(parts.header);
    CHECK(data["title"] == "Metropolregionen tagen");
    CHECK(data["path"] == sample().path);
    CHECK_FALSE(data.contains("body"));    // after the JSON, not inside it
    CHECK_FALSE(data.contains("source"));  // file stamps live once per file in the metadata
}

TEST_CASE("the stored article reads back as it was built", "[document]") {
    DocumentBuilder b;
    Article a = sample();
    a.lead = "Ein \"Vorspann\"\tmit Zeichen";
    a.body = "Erste Zeile\nzweite Zeile mit \"Anführung\", Backslash \\ und {Klammern}\n\n";
    a.place_regions = {"Hamburg"};
    Article back = article_from_data(b.build(a, "src/a").doc.get_data());
    CHECK(back.id == a.id);
    CHECK(back.title == a.title);
    CHECK(back.lead == a.lead);
    CHECK(back.body == a.body);
    CHECK(back.author == a.author);
    CHECK(back.date == a.date);
    CHECK(back.regions == a.regions);
    CHECK(back.topics == a.topics);
    CHECK(back.place_regions == a.place_regions);
    CHECK(back.path == a.path);
}

TEST_CASE("a body that is not UTF-8 is stored inside the JSON, repaired", "[document]") {
    DocumentBuilder b;
    Article a = sample();
    a.body = "kaputt \xff\xfe Ende";
    const std::string stored = b.build(a, "src/a").doc.get_data();
    CHECK(stored.find('\n') == std::string::npos);
    auto data = nlohmann::json::parse(stored);
    CHECK(data["body"] == "kaputt \xef\xbf\xbd\xef\xbf\xbd Ende");  // U+FFFD twice
    CHECK(article_from_data(stored).body == data["body"].get<std::string>());
}

TEST_CASE("title words weigh more than body words", "[document]") {
    DocumentBuilder b;
    Article a = sample();
    a.title = "Tagung";
    a.body = "Bericht";
    BuiltDocument d = b.build(a, "k");
    auto wdf = [&](const std::string& term) {
        auto it = d.doc.termlist_begin();
        it.skip_to(term);
        return (it != d.doc.termlist_end() && *it == term) ? it.get_wdf() : 0u;
    };
    CHECK(wdf("tagung") > wdf("bericht"));
}

TEST_CASE("spelling words are distinct lower-case words, not numbers", "[document]") {
    DocumentBuilder b;
    Article a = sample();
    a.body = "Fachkräfte fachkräfte 2025 W3 ab";
    BuiltDocument d = b.build(a, "k");
    std::set<std::string> words(d.spelling.begin(), d.spelling.end());
    CHECK(words.count("fachkräfte") == 1);
    CHECK(words.count("2025") == 0);
    CHECK(words.count("ab") == 0);
    CHECK(words.count("metropolregionen") == 1);
}

TEST_CASE("an article without date or regions has no such terms or values", "[document]") {
    DocumentBuilder b;
    Article a = sample();
    a.date.clear();
    a.regions.clear();
    BuiltDocument d = b.build(a, "k");
    CHECK(d.doc.get_value(schema::slot(schema::Slot::DATE)).empty());
    for (const auto& t : terms_of(d.doc)) {
        CHECK(t.rfind("XREGION", 0) != 0);
        CHECK(t.rfind("D2", 0) != 0);
    }
}

TEST_CASE("title and lead copies in their fields carry no positions, the text does", "[document]") {
    DocumentBuilder b;
    Article a = sample();
    a.lead = "Der Vorspann kommt zuerst.";
    BuiltDocument d = b.build(a, "k");
    auto positions = [&](const std::string& term) {
        auto it = d.doc.termlist_begin();
        it.skip_to(term);
        REQUIRE(it != d.doc.termlist_end());
        REQUIRE(*it == term);
        return it.positionlist_count();
    };
    CHECK(positions("Smetropolregion") == 0);
    CHECK(positions("XLEADvorspann") == 0);
    CHECK(positions("Aopitz") == 1);  // names keep exact phrases
    CHECK(positions("metropolregion") == 1);
    CHECK(positions("vorspann") == 1);
    CHECK(positions("mittelpunkt") == 1);
}

TEST_CASE("the common grams of title, lead and body, without weight or positions", "[document]") {
    REQUIRE(schema::is_gram_stem("in"));
    Article a = sample();
    a.title = "Leben in Wien";
    a.lead = "in Graz";
    a.body = "Die Stadt in der Nacht.";
    DocumentBuilder b;
    BuiltDocument d = b.build(a, "/src/html/a.html");
    std::set<std::string> grams;
    Xapian::termcount length = 0;
    for (auto t = d.doc.termlist_begin(); t != d.doc.termlist_end(); ++t) {
        length += t.get_wdf();
        if ((*t).rfind(std::string(schema::kGramPrefix), 0) != 0) continue;
        grams.insert(*t);
        CHECK(t.get_wdf() == 0);
        CHECK(t.positionlist_begin() == t.positionlist_end());
    }
    schema::GermanAnalyzer analyzer;
    auto gram = [&](const char* left, const char* right) {
        return schema::gram_term(analyzer.term(left), analyzer.term(right));
    };
    for (auto [l, r] : {std::pair{"Leben", "in"}, {"in", "Wien"}, {"in", "Graz"}, {"Die", "Stadt"}, {"Stadt", "in"},
                        {"in", "der"}}) {
        CAPTURE(l, r);
        const bool stem = schema::is_gram_stem(analyzer.term(l)) || schema::is_gram_stem(analyzer.term(r));
        CHECK(grams.count(gram(l, r)) == (stem ? 1u : 0u));
    }
    // Fields never adjoin: no gram from the title's last word and the lead's first.
    CHECK(grams.count(gram("Wien", "in")) == 0);
    CHECK(grams.count(gram("Graz", "Die")) == 0);
    // Document length as without grams: the words' wdf alone.
    Xapian::termcount words = 0;
    for (auto t = d.doc.termlist_begin(); t != d.doc.termlist_end(); ++t)
        if ((*t).rfind(std::string(schema::kGramPrefix), 0) != 0) words += t.get_wdf();
    CHECK(length == words);
}
