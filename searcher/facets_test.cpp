#include "searcher/facets.hpp"

#include "schema/schema.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace news::searcher;

namespace {

constexpr Xapian::valueno kRegion = 3, kTopic = 4, kYear = 1, kDup = 5;
const std::string kSep(1, news::schema::kListSeparator);

std::vector<FacetSlot> slots() { return {{"region", kRegion, false}, {"topic", kTopic, false}, {"year", kYear, true}}; }

struct Doc {
    std::string word, region, topic, year, dup;
};

Xapian::WritableDatabase make_db(const std::vector<Doc>& docs) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const Doc& d : docs) {
        Xapian::Document doc;
        doc.add_term(d.word);
        doc.add_term("all");
        if (!d.region.empty()) doc.add_value(kRegion, d.region);
        if (!d.topic.empty()) doc.add_value(kTopic, d.topic);
        if (!d.year.empty()) doc.add_value(kYear, d.year);
        if (!d.dup.empty()) doc.add_value(kDup, d.dup);
        db.add_document(doc);
    }
    return db;
}

/// Facet counts as the old spy made them: each document's value read and split.
std::map<std::string, std::map<std::string, std::uint64_t>> brute_force(const Xapian::Database& db, const std::string& term) {
    std::map<std::string, std::map<std::string, std::uint64_t>> out;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        Xapian::Document doc = db.get_document(*p);
        for (const FacetSlot& s : slots()) {
            std::string v = doc.get_value(s.slot);
            size_t start = 0;
            while (start < v.size()) {
                size_t end = v.find(kSep, start);
                if (end == std::string::npos) end = v.size();
                if (end > start) ++out[s.name][v.substr(start, end - start)];
                start = end + 1;
            }
        }
    }
    return out;
}

/// Counts through the table and a weightless full pass, as Searcher::search does.
FacetCounter& count(const Xapian::Database& db, const FacetTable& table, const std::string& term,
                    std::unique_ptr<FacetCounter>& holder) {
    holder = std::make_unique<FacetCounter>(table);
    Xapian::Enquire e(db);
    e.set_query(Xapian::Query(term));
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.add_matchspy(holder.get());
    e.get_mset(0, 0, db.get_doccount());
    return *holder;
}

std::map<std::string, std::map<std::string, std::uint64_t>> as_map(
    const std::map<std::string, std::vector<FacetValue>>& facets) {
    std::map<std::string, std::map<std::string, std::uint64_t>> out;
    for (const auto& [name, values] : facets)
        for (const FacetValue& v : values) out[name][v.value] = v.count;
    return out;
}

}  // namespace

TEST_CASE("facet counts from the table equal counts of each document's values", "[facets]") {
    std::vector<Doc> docs;
    const char* regions[] = {"Hamburg", "Nordwest", "", "Hamburg" "\x1f" "Nordwest"};
    const char* topics[] = {"Politik", "Sport" "\x1f" "Politik", "Kultur", ""};
    for (int i = 0; i < 200; ++i)
        docs.push_back({i % 3 == 0 ? "hafen" : "bahn", regions[i % 4], topics[(i / 4) % 4],
                        i % 7 == 0 ? "" : std::to_string(2000 + i % 11), ""});
    Xapian::WritableDatabase db = make_db(docs);
    FacetTable table(db, slots(), kDup);
    for (const char* term : {"hafen", "bahn", "all", "nothing"}) {
        CAPTURE(term);
        std::unique_ptr<FacetCounter> holder;
        FacetCounter& c = count(db, table, term, holder);
        CHECK(c.matches() == db.get_termfreq(term));
        auto counted = as_map(c.facets());
        auto expected = brute_force(db, term);
        for (const FacetSlot& s : slots()) CHECK(counted[s.name] == expected[s.name]);
    }
}

TEST_CASE("facet values: most frequent first, ties by label, years newest first", "[facets]") {
    std::vector<std::pair<std::string, std::uint64_t>> joined{
        {std::string("B") + kSep + "A", 2}, {"C", 3}, {"A", 1}, {std::string("D") + kSep, 2}};
    auto v = split_facet_values(joined, false);
    REQUIRE(v.size() == 4);
    CHECK((v[0].value == "A" && v[0].count == 3));
    CHECK((v[1].value == "C" && v[1].count == 3));
    CHECK((v[2].value == "B" && v[2].count == 2));
    CHECK((v[3].value == "D" && v[3].count == 2));
    auto years = split_facet_values({{"2019", 5}, {"2024", 1}, {"2021", 9}}, true);
    REQUIRE(years.size() == 3);
    CHECK(years[0].value == "2024");
    CHECK(years[2].value == "2019");
}

TEST_CASE("collapsed totals and similar counts match Xapian's collapse over the whole match set", "[facets]") {
    // dup keys: "a" x3 (two match "hafen"), "b" x2, unique "c", and empty ones
    std::vector<Doc> docs{{"hafen", "", "", "", "a"}, {"hafen", "", "", "", "a"}, {"bahn", "", "", "", "a"},
                          {"hafen", "", "", "", "b"}, {"hafen", "", "", "", "b"}, {"hafen", "", "", "", "c"},
                          {"hafen", "", "", "", ""},  {"hafen", "", "", "", ""},  {"bahn", "", "", "", "b"}};
    Xapian::WritableDatabase db = make_db(docs);
    FacetTable table(db, slots(), kDup);
    for (const char* term : {"hafen", "bahn", "all"}) {
        CAPTURE(term);
        std::unique_ptr<FacetCounter> holder;
        FacetCounter& c = count(db, table, term, holder);
        Xapian::Enquire e(db);
        e.set_query(Xapian::Query(term));
        e.set_collapse_key(kDup);
        Xapian::MSet full = e.get_mset(0, 100, db.get_doccount());
        CHECK(c.collapsed_matches() == full.size());
        for (auto it = full.begin(); it != full.end(); ++it) CHECK(c.similar(*it) == it.get_collapse_count());
    }
}

TEST_CASE("many distinct values each keep their own code", "[facets]") {
    std::vector<Doc> docs;
    for (int i = 0; i < 70000; ++i) {
        std::string region = "r";
        region += std::to_string(i);  // not "r" + …: GCC 12 -Wrestrict false positive in Release
        docs.push_back({i % 2 ? "odd" : "even", region, "", "", ""});
    }
    Xapian::WritableDatabase db = make_db(docs);
    FacetTable table(db, {{"region", kRegion, false}}, kDup);
    CHECK(table.memory_bytes() >= 70000 * sizeof(std::uint32_t));
    std::unique_ptr<FacetCounter> holder;
    FacetCounter& c = count(db, table, "odd", holder);
    auto f = c.facets();
    REQUIRE(f["region"].size() == 35000);
    CHECK(f["region"].front().count == 1);
    CHECK(f["region"].front().value == "r1");  // ties by label
}

TEST_CASE("a changed database has another revision key", "[facets]") {
    Xapian::WritableDatabase db = make_db({{"hafen", "Hamburg", "", "2024", ""}});
    std::string before = FacetTable::revision_key(db);
    CHECK(FacetTable::revision_key(db) == before);
    Xapian::Document doc;
    doc.add_term("bahn");
    db.add_document(doc);
    CHECK(FacetTable::revision_key(db) != before);
}

TEST_CASE("searchers share one facet table per index revision", "[facets]") {
    Xapian::WritableDatabase db = make_db({{"hafen", "Hamburg", "", "2024", ""}});
    FacetTableCache cache;
    Xapian::Database reader1 = db, reader2 = db;
    auto a = cache.get(reader1);
    auto b = cache.get(reader2);
    CHECK(a == b);
    Xapian::Document doc;
    doc.add_term("bahn");
    doc.add_value(kRegion, "Nordwest");
    db.add_document(doc);
    auto c = cache.get(db);
    CHECK(c != a);  // a new revision: read again
    CHECK(cache.get(db) == c);
    std::weak_ptr<const FacetTable> old = a;
    a.reset();
    b.reset();
    CHECK(old.expired());  // the cache does not keep an old revision alive
}

TEST_CASE("the facet table keeps each document's date as days for the recency boost", "[facets]") {
    CHECK(days_since_epoch("19700101") == 0);
    CHECK(days_since_epoch("19700201") == 31);
    CHECK(days_since_epoch("20240229") == 19782);
    CHECK(days_since_epoch("20230229") == -1);  // no such day
    CHECK(days_since_epoch("2024-02-29") == -1);
    CHECK(days_since_epoch("20241301") == -1);
    CHECK(days_since_epoch("20240001") == -1);
    CHECK(days_since_epoch("20240100") == -1);
    CHECK(days_since_epoch("20241231") == 20088);
    CHECK(days_since_epoch("2024123") == -1);
    CHECK(days_since_epoch("") == -1);
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const char* date : {"19700102", "", "bogus", "20240229"}) {
        Xapian::Document doc;
        doc.add_term("all");
        if (*date) doc.add_value(kYear, date);
        db.add_document(doc);
    }
    FacetTable with(db, slots(), kDup, kYear), without(db, slots(), kDup);
    CHECK(with.days(1) == 1);
    CHECK(with.days(2) == -1);
    CHECK(with.days(3) == -1);
    CHECK(with.days(4) == 19782);
    CHECK(with.days(5) == -1);  // beyond the last document
    CHECK(without.days(1) == -1);
}

TEST_CASE("the month facet counts each match's YYYYMMDD date by month, exactly", "[facets][timeline]") {
    constexpr Xapian::valueno kDate = 6;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::map<std::string, std::uint64_t> expected;
    for (int i = 0; i < 120; ++i) {
        Xapian::Document doc;
        doc.add_term(i % 2 ? "hafen" : "bahn");
        const std::string month = std::to_string(2023 + i % 2) + "-" + (i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1);
        if (i % 5 != 0) doc.add_value(kDate, month.substr(0, 4) + month.substr(5, 2) + "15");
        else if (i % 10 == 0) doc.add_value(kDate, "2024XX01");  // malformed: no month
        if (i % 2 && i % 5 != 0) ++expected[month];
        db.add_document(doc);
    }
    FacetTable table(db, {{"month", kDate, true, true}}, kDup);
    std::unique_ptr<FacetCounter> holder;
    auto counted = as_map(count(db, table, "hafen", holder).facets());
    CHECK(counted["month"] == expected);
    CHECK(month_of_date("20241121") == "2024-11");
    CHECK(month_of_date("20241321").empty());
    CHECK(month_of_date("2024-11-21").empty());
}
