#include "searcher/searcher.hpp"

#include "schema/schema.hpp"
#include "schema/text.hpp"
#include "schema/vocabulary.hpp"
#include "searcher/ranking.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <unistd.h>

using namespace news::searcher;
namespace schema = news::schema;

namespace {

struct TempDb {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / (std::string("searcher_test_") + std::to_string(::getpid()));
    ~TempDb() { std::filesystem::remove_all(path); }
};

/// A small archive with near-duplicates, several regions per article and
/// articles that name the words apart, together and in the title.
void build(const std::string& path) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    db.set_metadata(std::string(schema::kMetaSchemaVersion), schema::schema_version());
    schema::GermanAnalyzer analyzer;
    Xapian::TermGenerator tg;
    analyzer.configure(tg);
    const char* regions[] = {"Hamburg", "Nordwest", "Hamburg\x1fNordwest", ""};
    const char* bodies[] = {"Der Hafen wächst.", "Hafen und Bahn planen.", "Die Bahn fährt zum Hafen in Hamburg.",
                            "Eine Tagung über Häfen.", "Bahnhof Hafen Bahn Hafen."};
    for (int i = 0; i < 120; ++i) {
        std::string title = i % 10 == 0 ? "Hafen im Titel" : std::string("Meldung ") + std::to_string(i);
        std::string body = bodies[i % 5];
        std::string year = std::to_string(2015 + i % 9);
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(title, 1, "S");
        tg.increase_termpos(100);
        tg.index_text(title);
        tg.increase_termpos(100);
        tg.index_text(body);
        std::string id = std::string("a") + std::to_string(i);
        doc.add_boolean_term(std::string("Q") + id);
        doc.add_value(schema::slot(schema::Slot::DATE), year + "0101");
        doc.add_value(schema::slot(schema::Slot::YEAR), year);
        if (*regions[i % 4]) doc.add_value(schema::slot(schema::Slot::REGION), regions[i % 4]);
        doc.add_value(schema::slot(schema::Slot::TOPIC), i % 2 ? "Politik" : "Wirtschaft");
        if (i % 8 < 3) doc.add_value(schema::slot(schema::Slot::DUPKEY), std::string("dup") + std::to_string(i % 8 + i / 40 * 10));
        else if (i % 8 == 3) doc.add_value(schema::slot(schema::Slot::DUPKEY), std::string("own") + std::to_string(i));
        nlohmann::json data{{"id", id}, {"title", title}, {"body", body}, {"date", year + "-01-01"}};
        doc.set_data(data.dump());
        db.add_document(doc);
    }
    db.commit();
}

}  // namespace

TEST_CASE("counts and hits from two passes equal one full match", "[searcher]") {
    TempDb tmp;
    build(tmp.path.string());
    Searcher searcher(tmp.path.string());
    Xapian::Database db(tmp.path.string());
    QueryBuilder builder(db);
    // Quoted phrases rank among the matches the counting pass kept.
    for (const char* q : {"Hafen", "Bahn Hafen", "Tagung", "Hafen -Bahn", "\"Hafen und Bahn\"", "\"Bahn Hafen\"",
                          "\"zum Hafen\" -Tagung"}) {
        for (bool recency : {false, true}) {
            CAPTURE(q, recency);
            SearchRequest req;
            req.query = q;
            req.limit = 5;
            req.recency = recency;
            SearchResult r = searcher.search(req);
            // The reference: one match over everything, counting as the old spy did.
            BuiltQuery bq = builder.build(req);
            Xapian::Enquire e(db);
            Xapian::Query ranked = with_ranking_boosts(bq.query);
            if (recency) ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranked, recency_boost(today_yyyymmdd()));
            e.set_query(ranked);
            e.set_collapse_key(schema::slot(schema::Slot::DUPKEY));
            Xapian::MSet full = e.get_mset(0, db.get_doccount(), db.get_doccount());
            CHECK(r.total == full.size());
            CHECK(r.total_exact);
            REQUIRE(r.hits.size() == std::min<size_t>(5, full.size()));
            for (size_t i = 0; i < r.hits.size(); ++i) {
                auto it = full[static_cast<Xapian::doccount>(i)];
                CHECK(r.hits[i].id == nlohmann::json::parse(it.get_document().get_data())["id"]);
                CHECK(r.hits[i].score == Approx(it.get_weight()));
                CHECK(r.hits[i].similar == it.get_collapse_count());
            }
            // Without facets: the same page (the boosted top is rescored,
            // near-duplicates folded after), collapse counts a lower bound.
            SearchRequest plain = req;
            plain.facets = plain.snippets = false;
            SearchResult p = searcher.search(plain);
            REQUIRE(p.hits.size() == r.hits.size());
            for (size_t i = 0; i < p.hits.size(); ++i) {
                CHECK(p.hits[i].id == r.hits[i].id);
                CHECK(p.hits[i].score == Approx(full[static_cast<Xapian::doccount>(i)].get_weight()));
                CHECK(p.hits[i].similar <= r.hits[i].similar);
            }
            std::map<std::string, std::uint64_t> regions, years;
            for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
                Xapian::Enquire one(db);
                one.set_query(Xapian::Query(Xapian::Query::OP_FILTER, bq.query, Xapian::Query(std::string("Qa") + std::to_string(*p - 1))));
                if (one.get_mset(0, 1).empty()) continue;
                Xapian::Document doc = db.get_document(*p);
                std::string v = doc.get_value(schema::slot(schema::Slot::REGION));
                if (v == "Hamburg\x1fNordwest") ++regions["Hamburg"], ++regions["Nordwest"];
                else if (!v.empty()) ++regions[v];
                ++years[doc.get_value(schema::slot(schema::Slot::YEAR))];
            }
            std::map<std::string, std::uint64_t> got_regions, got_years;
            for (const FacetValue& v : r.facets["region"]) got_regions[v.value] = v.count;
            for (const FacetValue& v : r.facets["year"]) got_years[v.value] = v.count;
            CHECK(got_regions == regions);
            CHECK(got_years == years);
        }
    }
    SearchRequest counts_only;
    counts_only.query = "Hafen";
    counts_only.limit = 0;
    SearchResult c = searcher.search(counts_only);
    CHECK(c.hits.empty());
    SearchRequest with_hits = counts_only;
    with_hits.limit = 10;
    SearchResult h = searcher.search(with_hits);
    CHECK(c.total == h.total);
    for (const auto& [name, values] : h.facets) {
        REQUIRE(c.facets[name].size() == values.size());
        for (size_t i = 0; i < values.size(); ++i) {
            CHECK(c.facets[name][i].value == values[i].value);
            CHECK(c.facets[name][i].count == values[i].count);
        }
    }
}

TEST_CASE("facet counts follow a changed index after reopen", "[searcher]") {
    TempDb tmp;
    build(tmp.path.string());
    Searcher searcher(tmp.path.string());
    SearchRequest req;
    req.query = "Tagung";
    std::uint64_t before = searcher.search(req).total;
    {
        Xapian::WritableDatabase db(tmp.path.string());
        Xapian::Document doc;
        doc.add_term("tagung");
        doc.add_value(schema::slot(schema::Slot::YEAR), "2030");
        doc.set_data(R"({"id":"new"})");
        db.add_document(doc);
        db.commit();
    }
    CHECK(searcher.reopen());
    SearchResult r = searcher.search(req);
    CHECK(r.total == before + 1);
    REQUIRE(!r.facets["year"].empty());
    CHECK(r.facets["year"].front().value == "2030");
    CHECK(r.facets["year"].front().count == 1);
}

TEST_CASE("snippets come from the lead and the body, the lead once", "[searcher]") {
    TempDb tmp;
    {
        Xapian::WritableDatabase db(tmp.path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        db.set_metadata(std::string(schema::kMetaSchemaVersion), schema::schema_version());
        schema::GermanAnalyzer analyzer;
        Xapian::TermGenerator tg;
        analyzer.configure(tg);
        auto add = [&](const std::string& id, const std::string& lead, const std::string& body) {
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(lead);
            tg.increase_termpos(100);
            tg.index_text(body);
            doc.add_boolean_term("Q" + id);
            doc.set_data(nlohmann::json{{"id", id}, {"lead", lead}, {"body", body}}.dump());
            db.add_document(doc);
        };
        add("apart", "Der Hafen wächst weiter.", "Die Stadt plant neue Kais.");
        add("repeated", "Die Werft baut.", "Die Werft baut. Im Hafen liegen Schiffe.");
        add("lead-only", "Nur ein Hafen im Vorspann.", "");
        db.commit();
    }
    Searcher searcher(tmp.path.string());
    SearchRequest req;
    req.query = "Hafen";
    std::map<std::string, std::string> snippets;
    for (const Hit& h : searcher.search(req).hits) snippets[h.id] = h.snippet;
    REQUIRE(snippets.size() == 3);
    CHECK(snippets["apart"] == "Der <mark>Hafen</mark> wächst weiter. Die Stadt plant neue Kais.");
    CHECK(snippets["repeated"] == "Die Werft baut. Im <mark>Hafen</mark> liegen Schiffe.");
    CHECK(snippets["lead-only"] == "Nur ein <mark>Hafen</mark> im Vorspann.");
}

TEST_CASE("a browsing page from the counting walk is Xapian's sorted page", "[searcher]") {
    TempDb tmp;
    build(tmp.path.string());
    {
        // Articles without a date, and gaps in the docids.
        Xapian::WritableDatabase db(tmp.path.string());
        for (int i = 0; i < 6; ++i) {
            Xapian::Document doc;
            doc.add_boolean_term("Qundated" + std::to_string(i));
            doc.add_value(schema::slot(schema::Slot::TOPIC), "Politik");
            doc.set_data(nlohmann::json{{"id", "undated" + std::to_string(i)}, {"title", "Ohne Datum"}, {"body", "Text"}}.dump());
            db.add_document(doc);
        }
        for (Xapian::docid did : {2u, 40u, 41u}) db.delete_document(did);
        // The topic as the indexer adds it for the filter.
        const schema::Field* topic = schema::find_field("topics");
        REQUIRE(topic);
        for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
            if (did == 2 || did == 40 || did == 41) continue;
            Xapian::Document doc = db.get_document(did);
            const std::string v = doc.get_value(schema::slot(schema::Slot::TOPIC));
            const std::string key = topic->vocabulary ? topic->vocabulary->term_value(v) : schema::fold_key(v);
            doc.add_boolean_term(schema::make_term(topic->prefix, key));
            db.replace_document(did, doc);
        }
        db.commit();
    }
    Searcher s(tmp.path.string());
    auto ids = [](const SearchResult& r) {
        std::vector<std::string> out;
        for (const Hit& h : r.hits) out.push_back(h.id + " " + h.date + " " + std::to_string(h.percent) + " " +
                                                  std::to_string(h.score) + " " + h.snippet);
        return out;
    };
    for (SortOrder sort : {SortOrder::RELEVANCE, SortOrder::DATE_DESC, SortOrder::DATE_ASC})
        for (unsigned offset : {0u, 7u, 110u, 200u})
            for (int filter = 0; filter < 3; ++filter) {
                SearchRequest req;
                req.sort = sort;
                req.offset = offset;
                req.limit = 9;
                if (filter == 0) req.topics = {"Wirtschaft"};
                if (filter == 1) req.topics = {"Politik"};  // with the articles without a date
                if (filter == 2) req.from = "2016-01-01", req.to = "2019-12-31";
                INFO("sort " << static_cast<int>(sort) << " offset " << offset << " filter " << filter);
                SearchResult walked = s.search(req);
                req.facets = false;  // no counting walk: Xapian's sorted pass
                SearchResult sorted = s.search(req);
                CHECK(ids(walked) == ids(sorted));
                if (offset < 30) CHECK(walked.hits.size() == 9);
            }
}
