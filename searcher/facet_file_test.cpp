#include "searcher/facet_file.hpp"
#include "searcher/word_list_file.hpp"

#include "schema/schema.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

using namespace news::searcher;
namespace schema = news::schema;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        static int n = 0;
        path = fs::temp_directory_path() /
               ("facet_file_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

constexpr int kWords = 6;

/// A database of `docs` articles with random facet values, dates, near-
/// duplicate keys and words "w0" … "w5" (a random subset each); some
/// documents deleted, so that docids have gaps.
void build(const fs::path& dir, int docs, unsigned seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const char* regions[] = {"Hamburg", "Nordwest", "Hamburg\x1fNordwest", "München", ""};
    const char* topics[] = {"Politik", "Sport", "Kultur\x1fPolitik", ""};
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (int i = 0; i < docs; ++i) {
        Xapian::Document doc;
        doc.add_term("all");
        for (int w = 0; w < kWords; ++w)
            if (pick(3) == 0) doc.add_term("w" + std::to_string(w));
        const std::string year = std::to_string(2000 + pick(25));
        if (pick(10) != 0) {
            const int month = 1 + pick(12), day = 1 + pick(28);
            doc.add_value(schema::slot(schema::Slot::DATE),
                          year + (month < 10 ? "0" : "") + std::to_string(month) + (day < 10 ? "0" : "") + std::to_string(day));
            doc.add_value(schema::slot(schema::Slot::YEAR), year);
        }
        if (const char* r = regions[pick(5)]; *r) doc.add_value(schema::slot(schema::Slot::REGION), r);
        if (const char* t = topics[pick(4)]; *t) doc.add_value(schema::slot(schema::Slot::TOPIC), t);
        if (pick(3) == 0) doc.add_value(schema::slot(schema::Slot::PLACE_REGION), regions[pick(4)]);
        if (pick(2) == 0) doc.add_value(schema::slot(schema::Slot::DUPKEY), "d" + std::to_string(pick(docs / 3 + 1)));
        db.add_document(doc);
    }
    for (int i = 0; i < docs / 20; ++i) {
        const auto did = static_cast<Xapian::docid>(1 + pick(docs));
        if (db.get_doccount() > 1) {
            try {
                db.delete_document(did);
            } catch (const Xapian::DocNotFoundError&) {
            }
        }
    }
    db.commit();
}

/// Everything a FacetCounter says about one query: matches, collapsed
/// matches, facets, each document's similar count and date.
struct Counts {
    std::uint64_t matches = 0, collapsed = 0;
    std::map<std::string, std::vector<std::pair<std::string, std::uint64_t>>> facets;
    std::vector<unsigned> similar;
    std::vector<std::int32_t> days;
    bool operator==(const Counts& o) const {
        return matches == o.matches && collapsed == o.collapsed && facets == o.facets && similar == o.similar &&
               days == o.days;
    }
};

Counts count(const Xapian::Database& db, const FacetTable& table, const Xapian::Query& query) {
    FacetCounter counter(table);
    Xapian::Enquire e(db);
    e.set_query(query);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.add_matchspy(&counter);
    Xapian::MSet all = e.get_mset(0, db.get_doccount());
    Counts c;
    c.matches = counter.matches();
    c.collapsed = counter.collapsed_matches();
    for (const auto& [name, values] : counter.facets())
        for (const FacetValue& v : values) c.facets[name].emplace_back(v.value, v.count);
    for (auto it = all.begin(); it != all.end(); ++it) {
        c.similar.push_back(counter.similar(*it));
        c.days.push_back(table.days(*it));
    }
    return c;
}

/// A random query over the words: a word, AND, OR or AND_NOT of two.
Xapian::Query random_query(std::mt19937& rng) {
    auto word = [&] { return Xapian::Query("w" + std::to_string(rng() % kWords)); };
    switch (rng() % 5) {
        case 0: return word();
        case 1: return Xapian::Query(Xapian::Query::OP_AND, word(), word());
        case 2: return Xapian::Query(Xapian::Query::OP_OR, word(), word());
        case 3: return Xapian::Query(Xapian::Query::OP_AND_NOT, word(), word());
        default: return Xapian::Query("all");
    }
}

std::shared_ptr<const FacetTable> map(const fs::path& dir, const Xapian::Database& db) {
    return FacetFile::map(dir, db, schema_facet_slots(), schema::slot(schema::Slot::DUPKEY),
                          schema::slot(schema::Slot::DATE));
}

FacetTable read(const Xapian::Database& db) {
    return FacetTable(db, schema_facet_slots(), schema::slot(schema::Slot::DUPKEY), schema::slot(schema::Slot::DATE));
}

/// The file with one byte at `at` (from the end when negative) changed.
void flip_byte(const fs::path& file, long at) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(at, at < 0 ? std::ios::end : std::ios::beg);
    const std::streampos pos = f.tellg();
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x40);
    f.seekp(pos);
    f.write(&c, 1);
}

}  // namespace

TEST_CASE("a mapped facet file counts exactly as the table read from the value streams", "[facets][facet_file]") {
    for (unsigned seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        TempDir tmp;
        build(tmp.path, 300 + static_cast<int>(seed) * 157, seed);
        write_facet_file(tmp.path);
        REQUIRE(fs::exists(tmp.path / kFacetFileName));
        Xapian::Database db(tmp.path.string());
        auto mapped = map(tmp.path, db);
        REQUIRE(mapped);
        CHECK(mapped->mapped());
        CHECK(mapped->key() == FacetTable::revision_key(db));
        const FacetTable built = read(db);
        CHECK_FALSE(built.mapped());
        CHECK(mapped->memory_bytes() == built.memory_bytes());
        std::mt19937 rng(seed);
        for (int q = 0; q < 40; ++q) {
            const Xapian::Query query = random_query(rng);
            CAPTURE(query.get_description());
            CHECK(count(db, *mapped, query) == count(db, built, query));
        }
        for (Xapian::docid did = 0; did <= db.get_lastdocid() + 1; ++did) CHECK(mapped->days(did) == built.days(did));
        // load_facet_table maps it; without a directory it reads the streams.
        CHECK(load_facet_table(db, tmp.path.string())->mapped());
        CHECK_FALSE(load_facet_table(db, "")->mapped());
    }
}

TEST_CASE("a missing, stale, foreign, truncated or corrupt facet file is not used, and counts stay right",
          "[facets][facet_file]") {
    TempDir tmp, other;
    build(tmp.path, 400, 7);
    build(other.path, 400, 7);  // the same documents, another database (UUID)
    const fs::path file = tmp.path / kFacetFileName;
    Xapian::Database db(tmp.path.string());
    const Xapian::Query all("all");
    const Counts expected = count(db, read(db), all);
    auto falls_back = [&] {
        CHECK_FALSE(map(tmp.path, db));
        auto table = load_facet_table(db, tmp.path.string());
        CHECK_FALSE(table->mapped());
        CHECK(count(db, *table, all) == expected);
    };

    SECTION("missing") { falls_back(); }
    SECTION("another database's") {
        write_facet_file(other.path);
        fs::copy_file(other.path / kFacetFileName, file);
        falls_back();
    }
    SECTION("truncated") {
        write_facet_file(tmp.path);
        fs::resize_file(file, fs::file_size(file) - 4);
        falls_back();
        fs::resize_file(file, 10);
        falls_back();
        fs::resize_file(file, 0);
        falls_back();
    }
    SECTION("a byte changed in a row, in the labels or in the header") {
        for (long at : {-3L, 100L, 2L, 20L}) {
            CAPTURE(at);
            write_facet_file(tmp.path);
            REQUIRE(map(tmp.path, db));
            flip_byte(file, at);
            falls_back();
        }
    }
    SECTION("other slots asked for") {
        write_facet_file(tmp.path);
        CHECK_FALSE(FacetFile::map(tmp.path, db, {{"region", schema::slot(schema::Slot::REGION), false}},
                                   schema::slot(schema::Slot::DUPKEY), schema::slot(schema::Slot::DATE)));
        auto slots = schema_facet_slots();
        slots.front().by_value_desc = !slots.front().by_value_desc;
        CHECK_FALSE(FacetFile::map(tmp.path, db, slots, schema::slot(schema::Slot::DUPKEY),
                                   schema::slot(schema::Slot::DATE)));
        CHECK_FALSE(FacetFile::map(tmp.path, db, schema_facet_slots(), schema::slot(schema::Slot::DUPKEY),
                                   Xapian::BAD_VALUENO));
    }
    SECTION("stale: the database changed after the file was written") {
        write_facet_file(tmp.path);
        {
            Xapian::WritableDatabase w(tmp.path.string());
            Xapian::Document doc;
            doc.add_term("all");
            doc.add_value(schema::slot(schema::Slot::REGION), "Rhein-Ruhr");
            w.add_document(doc);
            w.commit();
        }
        db.reopen();
        const Counts now = count(db, read(db), all);
        CHECK_FALSE(map(tmp.path, db));
        auto table = load_facet_table(db, tmp.path.string());
        CHECK_FALSE(table->mapped());
        CHECK(count(db, *table, all) == now);
        CHECK(now.facets.at("region") != expected.facets.at("region"));
        // Written again, it is used again.
        write_facet_file(tmp.path);
        CHECK(load_facet_table(db, tmp.path.string())->mapped());
        CHECK(count(db, *load_facet_table(db, tmp.path.string()), all) == now);
    }
}

TEST_CASE("searchers sharing a cache get the mapped table of the database's directory", "[facets][facet_file]") {
    TempDir tmp;
    build(tmp.path, 200, 11);
    write_facet_file(tmp.path);
    Xapian::Database db(tmp.path.string());
    FacetTableCache cache;
    auto a = cache.get(db, tmp.path.string());
    CHECK(a->mapped());
    CHECK(cache.get(db, tmp.path.string()) == a);
}

TEST_CASE("the word list file maps the index's compound word lists, and only its own", "[word_list_file]") {
    TempDir tmp, other;
    const std::string words = "bahn\nhafen\nhafenbahn\nkanal\n", nouns = "bahn\nhafen\nkanal\n";
    for (const fs::path& dir : {tmp.path, other.path}) {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        db.set_metadata(std::string(schema::kMetaCompoundWords), words);
        db.set_metadata(std::string(schema::kMetaCompoundNouns), nouns);
        db.commit();
    }
    Xapian::Database db(tmp.path.string());
    CHECK_FALSE(map_word_list_file(tmp.path.string(), db));  // none yet
    write_word_list_file(tmp.path);
    auto mapped = map_word_list_file(tmp.path.string(), db);
    REQUIRE(mapped);
    auto copied = schema::Decompounder::from_blocks(words, nouns);
    CHECK(mapped->size() == copied->size());
    CHECK(mapped->word_block() == words);
    CHECK(mapped->noun_block() == nouns);
    for (const char* w : {"hafen", "kanal", "bahnhof", "zzz"}) CHECK(mapped->is_noun(w) == copied->is_noun(w));
    for (const char* w : {"Kanalhafenbahn", "Hafenkanal", "Kanalbahnen"}) CHECK(mapped->split(w) == copied->split(w));
    // Another database's file, a corrupt one, a truncated one: not used.
    write_word_list_file(other.path);
    CHECK_FALSE(map_word_list_file(other.path.string(), db));
    const fs::path file = tmp.path / kWordListFileName;
    flip_byte(file, -2);
    CHECK_FALSE(map_word_list_file(tmp.path.string(), db));
    write_word_list_file(tmp.path);
    fs::resize_file(file, fs::file_size(file) - 1);
    CHECK_FALSE(map_word_list_file(tmp.path.string(), db));
}
