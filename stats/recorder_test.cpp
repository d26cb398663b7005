#include "stats/recorder.hpp"

#include "stats/stats_test_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>
#include <thread>

using namespace news::stats;
using news::stats::test::file_bytes;
using news::stats::test::scalar;
using news::stats::test::TempDir;

TEST_CASE("the recorder counts normalised queries and flushes them", "[stats][recorder]") {
    TempDir dir("recorder");
    Recorder rec({dir.db(), 2, 90});
    rec.count_search("Der Hafen", true);
    rec.count_search("hafen", true);
    rec.count_search("HAFEN 2024", false);  // another query: "hafen #"
    rec.count_search("der die das", true);  // nothing countable
    rec.count_click("Hafen", 2);
    rec.count_click("Hafen", 0);            // no rank 0
    rec.count_click("Hafen", kMaxRank + 1);
    REQUIRE(rec.flush());
    const std::string day = today();
    CHECK(scalar(dir.db(), "SELECT searches FROM searches WHERE query='hafen' AND day='" + day + "'") == 2);
    CHECK(scalar(dir.db(), "SELECT SUM(clicks) FROM clicks") == 1);
    CHECK(scalar(dir.db(), "SELECT SUM(searches) FROM pending") == 1);  // "hafen #" once: rare
    CHECK(file_bytes(dir.db()).find("2024") == std::string::npos);
    CHECK(rec.dropped() == 0);
}

TEST_CASE("the flusher writes within a second and at the end", "[stats][recorder]") {
    TempDir dir("flusher");
    {
        Recorder rec({dir.db(), 1, 90});
        rec.start_flushing(std::chrono::milliseconds(100));
        rec.count_search("elbe", true);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (scalar(dir.db(), "SELECT COUNT(*) FROM searches") == 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK(scalar(dir.db(), "SELECT searches FROM searches WHERE query='elbe'") == 1);
        rec.count_search("kiel", true);  // written by the destructor
    }
    CHECK(scalar(dir.db(), "SELECT searches FROM searches WHERE query='kiel'") == 1);
}

TEST_CASE("a broken store drops batches without throwing", "[stats][recorder][faults]") {
    TempDir dir("recorder_broken");
    {
        std::ofstream out(dir.db(), std::ios::binary);
        out << std::string(8192, 'x');
    }
    Recorder rec({dir.db(), 1, 90});
    for (int i = 0; i < 3; ++i) {
        rec.count_search("hafen", true);
        CHECK_FALSE(rec.flush());
    }
    CHECK(rec.dropped() == 3);
    CHECK(rec.flush());  // nothing to write: nothing lost
    // Repaired: the next flush opens the store afresh.
    std::filesystem::remove(dir.db());
    rec.count_search("hafen", true);
    CHECK(rec.flush());
    CHECK(scalar(dir.db(), "SELECT searches FROM searches WHERE query='hafen'") == 1);
}

TEST_CASE("benchmark: the cost of one counted search", "[stats][recorder][bench]") {
    TempDir dir("recorder_bench");
    Recorder rec({dir.db(), 3, 90});
    const char* queries[] = {"Fachkräftesicherung Mitteldeutschland", "der Hafen Hamburg 2024", "Wasserstoff NOT Industrie",
                             "titel:Metropolregion", "Bürger*innen Beteiligung"};
    constexpr int kSearches = 20000;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kSearches; ++i) rec.count_search(queries[i % 5], i % 3 != 0);
    auto t1 = std::chrono::steady_clock::now();
    REQUIRE(rec.flush());
    auto t2 = std::chrono::steady_clock::now();
    // One flush per second of distinct queries, as news-searchd writes: 200 queries.
    for (int i = 0; i < 200; ++i) rec.count_search("wort" + std::string(1, static_cast<char>('a' + i % 26)) + std::string(static_cast<size_t>(i / 26 + 1), 'x'), true);
    auto t3 = std::chrono::steady_clock::now();
    REQUIRE(rec.flush());
    auto t4 = std::chrono::steady_clock::now();
    auto us = [](auto d) { return std::chrono::duration<double, std::micro>(d).count(); };
    std::cout << "stats benchmark: count_search " << us(t1 - t0) / kSearches << " us per search (request thread); "
              << "flush of 5 queries " << us(t2 - t1) / 1000 << " ms; flush of 200 distinct queries "
              << us(t4 - t3) / 1000 << " ms (" << us(t4 - t3) / 200 << " us per query, flusher thread)\n";
    CHECK(scalar(dir.db(), "SELECT SUM(searches) FROM searches") == kSearches);
}
