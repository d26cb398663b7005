#include "schema/shard.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace news::schema;

TEST_CASE("fnv1a64 is the published FNV-1a 64", "[shard]") {
    // Test vectors of the FNV reference (http://www.isthe.com/chongo/tech/comp/fnv/).
    CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
    CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("shard_of is deterministic and pinned", "[shard]") {
    // Pinned owners: changing the function would move articles between the
    // shards of existing indexes (and break `update` on them).
    CHECK(shard_of("gnad-4711", 3) == 2);
    CHECK(shard_of("a", 7) == static_cast<unsigned>(0xaf63dc4c8601ec8cULL % 7));
    for (unsigned n : {2u, 3u, 4u, 16u})
        for (const char* id : {"x", "2024-03-01-hamburg-hafen", "\xc3\xa4rger"}) {
            CAPTURE(n, id);
            unsigned s = shard_of(id, n);
            CHECK(s < n);
            CHECK(shard_of(std::string(id), n) == s);
        }
    CHECK(shard_of("anything", 1) == 0);
    CHECK(shard_of("anything", 0) == 0);
}

TEST_CASE("shard_of spreads ids evenly", "[shard]") {
    // Ids as archives make them: a common prefix and a running number.
    for (unsigned n : {2u, 3u, 4u, 7u, 16u}) {
        std::vector<size_t> count(n, 0);
        const size_t ids = 20000;
        for (size_t i = 0; i < ids; ++i) ++count[shard_of("artikel-" + std::to_string(i), n)];
        const double mean = static_cast<double>(ids) / n;
        auto [lo, hi] = std::minmax_element(count.begin(), count.end());
        CAPTURE(n, *lo, *hi);
        CHECK(static_cast<double>(*lo) > mean * 0.9);
        CHECK(static_cast<double>(*hi) < mean * 1.1);
    }
}

TEST_CASE("shard directories have at least two digits", "[shard]") {
    CHECK(shard_dir_name(0, 3) == "shard-00");
    CHECK(shard_dir_name(7, 12) == "shard-07");
    CHECK(shard_dir_name(99, 100) == "shard-99");
    CHECK(shard_dir_name(5, 101) == "shard-005");
    CHECK(shard_dir_name(100, 101) == "shard-100");
}
