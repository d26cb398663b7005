#include "stats/store.hpp"

#include "stats/stats_test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

using namespace news::stats;
using news::stats::test::file_bytes;
using news::stats::test::scalar;
using news::stats::test::text_of;
using news::stats::test::TempDir;

namespace {

Batch searches(const std::string& query, std::uint64_t n, std::uint64_t hits) {
    Batch b;
    b[query].searches = n;
    b[query].with_hits = hits;
    return b;
}

Batch click(const std::string& query, unsigned rank) {
    Batch b;
    b[query].clicks[rank] = 1;
    return b;
}

long long count_of(const std::string& db, const std::string& day, const std::string& query) {
    return scalar(db, "SELECT searches FROM searches WHERE day='" + day + "' AND query='" + query + "'");
}

}  // namespace

TEST_CASE("days are counted and compared as YYYY-MM-DD", "[stats][store]") {
    CHECK(is_day("2024-02-29"));
    CHECK_FALSE(is_day("2023-02-29"));
    CHECK_FALSE(is_day("2024-13-01"));
    CHECK_FALSE(is_day("2024-1-01"));
    CHECK_FALSE(is_day("'; DROP TABLE x"));
    CHECK(add_days("2024-12-31", 1) == "2025-01-01");
    CHECK(add_days("2024-03-01", -1) == "2024-02-29");
    CHECK(is_day(today()));
}

TEST_CASE("a query is stored as text once it was searched k times that day", "[stats][store][privacy]") {
    TempDir dir("promote");
    Store store({dir.db(), 3, 90});
    const std::string day = "2024-05-02";
    store.record(searches("hafen", 1, 1), day);
    store.record(searches("hafen", 1, 0), day);
    CHECK(count_of(dir.db(), day, "hafen") == 0);
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM pending") == 1);
    CHECK(file_bytes(dir.db()).find("hafen") == std::string::npos);
    store.record(searches("hafen", 1, 1), day);
    CHECK(count_of(dir.db(), day, "hafen") == 3);
    CHECK(scalar(dir.db(), "SELECT with_hits FROM searches WHERE query='hafen'") == 2);
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM pending") == 0);
    store.record(searches("hafen", 5, 5), day);
    CHECK(count_of(dir.db(), day, "hafen") == 8);
    // A new day starts counting afresh: rare again until k.
    store.record(searches("hafen", 2, 2), "2024-05-03");
    CHECK(count_of(dir.db(), "2024-05-03", "hafen") == 0);
}

TEST_CASE("clicks follow their query: pending as a hash, then under its text", "[stats][store]") {
    TempDir dir("clicks");
    Store store({dir.db(), 2, 90});
    const std::string day = "2024-05-02";
    store.record(searches("elbe", 1, 1), day);
    store.record(click("elbe", 1), day);
    store.record(click("elbe", 3), day);
    CHECK(scalar(dir.db(), "SELECT SUM(clicks) FROM pending_clicks") == 2);
    store.record(searches("elbe", 1, 1), day);  // reaches k = 2
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM pending_clicks") == 0);
    CHECK(scalar(dir.db(), "SELECT clicks FROM clicks WHERE query='elbe' AND rank=1") == 1);
    CHECK(scalar(dir.db(), "SELECT clicks FROM clicks WHERE query='elbe' AND rank=3") == 1);
    store.record(click("elbe", 1), day);
    CHECK(scalar(dir.db(), "SELECT clicks FROM clicks WHERE query='elbe' AND rank=1") == 2);
}

TEST_CASE("a rare query's text never reaches the file, and the next day leaves only counts",
          "[stats][store][privacy]") {
    TempDir dir("rare");
    const std::string secret = "geheimwortxyz";
    {
        Store store({dir.db(), 3, 90});
        Batch b = searches(secret, 2, 0);
        b[secret].clicks[4] = 1;
        b["hafen"] = {5, 5, {}};
        store.record(b, "2024-05-02");
        // The WAL too: sqlite writes page images there first.
        CHECK(file_bytes(dir.db()).find(secret) == std::string::npos);
        CHECK(file_bytes(dir.db()).find("hafen") != std::string::npos);
        CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM day_keys") == 1);
        // The next day's first write compacts: counts per day, no hash, no key.
        store.record(searches("kiel", 1, 1), "2024-05-03");
    }
    CHECK(file_bytes(dir.db()).find(secret) == std::string::npos);
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM pending WHERE day='2024-05-02'") == 0);
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM pending_clicks WHERE day='2024-05-02'") == 0);
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM day_keys WHERE day='2024-05-02'") == 0);
    CHECK(count_of(dir.db(), "2024-05-02", "") == 2);
    CHECK(scalar(dir.db(), "SELECT with_hits FROM searches WHERE day='2024-05-02' AND query=''") == 0);
    CHECK(scalar(dir.db(), "SELECT clicks FROM clicks WHERE day='2024-05-02' AND query='' AND rank=4") == 1);
    CHECK(count_of(dir.db(), "2024-05-02", "hafen") == 5);
    // Today's rare "kiel" is pending under today's key.
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM day_keys WHERE day='2024-05-03'") == 1);
}

TEST_CASE("the same rare query hashes alike within a day, unlike across days", "[stats][store][privacy]") {
    TempDir dir("keys");
    Store store({dir.db(), 10, 90});
    store.record(searches("hafen", 1, 0), "2024-05-02");
    store.record(searches("hafen", 1, 0), "2024-05-02");
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM pending WHERE day='2024-05-02'") == 1);
    // Another process on the same day uses the day's key from the file.
    Store other({dir.db(), 10, 90});
    other.record(searches("hafen", 1, 0), "2024-05-02");
    CHECK(scalar(dir.db(), "SELECT searches FROM pending WHERE day='2024-05-02'") == 3);
    const std::string first = text_of(dir.db(), "SELECT hex(hash) FROM pending WHERE day='2024-05-02'");
    REQUIRE(first.size() == 32);
    // The next day: a new key, so the same words hash differently.
    other.record(searches("hafen", 1, 0), "2024-05-03");
    const std::string second = text_of(dir.db(), "SELECT hex(hash) FROM pending WHERE day='2024-05-03'");
    REQUIRE(second.size() == 32);
    CHECK(second != first);
    CHECK(text_of(dir.db(), "SELECT hex(key) FROM day_keys WHERE day='2024-05-03'").size() == 64);
}

TEST_CASE("days older than the retention are deleted at the first write of a day", "[stats][store]") {
    TempDir dir("retention");
    {
        Store store({dir.db(), 1, 3});
        store.record(searches("alt", 1, 1), "2024-05-01");
        store.record(click("alt", 1), "2024-05-01");
        store.record(searches("mittel", 1, 1), "2024-05-02");
        store.record(searches("neu", 1, 1), "2024-05-03");
        CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM searches") == 3);
    }
    Store store({dir.db(), 1, 3});
    store.record(searches("heute", 1, 1), "2024-05-04");  // keeps 05-02 .. 05-04
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM searches WHERE day='2024-05-01'") == 0);
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM clicks WHERE day='2024-05-01'") == 0);
    CHECK(count_of(dir.db(), "2024-05-02", "mittel") == 1);
    CHECK(count_of(dir.db(), "2024-05-04", "heute") == 1);
    // maintain() alone does the same on a quiet day.
    store.maintain("2024-05-06");
    CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM searches WHERE day < '2024-05-04'") == 0);
}

TEST_CASE("concurrent writers lose no counts: threads and processes", "[stats][store][concurrency]") {
    TempDir dir("concurrent");
    const std::string day = "2024-05-02";
    { Store create({dir.db(), 3, 90}); }
    constexpr int kProcesses = 4, kThreads = 3, kBatches = 40;
    auto writer = [&](int who) {
        Store store({dir.db(), 3, 90, 10000});
        for (int i = 0; i < kBatches; ++i) {
            Batch b;
            b["hafen"] = {1, 1, {{1, 1}}};
            b["rare" + std::to_string(who) + "x" + std::to_string(i)] = {1, 0, {}};
            store.record(b, day);
        }
    };
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
        pid_t pid = ::fork();
        if (pid == 0) {
            int rc = 0;
            try {
                writer(100 + p);
            } catch (...) {
                rc = 1;
            }
            ::_exit(rc);
        }
        REQUIRE(pid > 0);
        children.push_back(pid);
    }
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(writer, t);
    for (auto& t : threads) t.join();
    for (pid_t pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    const long long total = (kProcesses + kThreads) * kBatches;
    CHECK(count_of(dir.db(), day, "hafen") == total);
    CHECK(scalar(dir.db(), "SELECT clicks FROM clicks WHERE query='hafen' AND rank=1") == total);
    CHECK(scalar(dir.db(), "SELECT SUM(searches) FROM pending") == total);
}

TEST_CASE("a broken, read-only, locked or full store throws StoreError", "[stats][store][faults]") {
    TempDir dir("broken");
    SECTION("not a database") {
        {
            std::ofstream out(dir.db(), std::ios::binary);
            out << std::string(8192, 'x');
        }
        CHECK_THROWS_AS(Store({dir.db(), 3, 90}), StoreError);
    }
    SECTION("read-only file") {
        { Store create({dir.db(), 3, 90}); }
        ::chmod(dir.db().c_str(), 0444);
        ::chmod(dir.path.c_str(), 0555);
        if (::geteuid() == 0) {
            WARN("running as root: permissions do not bind");
        } else {
            auto write = [&] {
                Store s({dir.db(), 3, 90});
                s.record(searches("hafen", 1, 1), "2024-05-02");
            };
            CHECK_THROWS_AS(write(), StoreError);
        }
        ::chmod(dir.path.c_str(), 0755);
    }
    SECTION("full") {
        Store s({dir.db(), 1, 90, 2000, 12});
        auto fill = [&] {
            for (int i = 0; i < 10000; ++i) s.record(searches("wort" + std::string(30, 'a' + i % 26) + std::to_string(i), 1, 1), "2024-05-02");
        };
        CHECK_THROWS_AS(fill(), StoreError);
        // What was committed before stays readable.
        CHECK(scalar(dir.db(), "SELECT COUNT(*) FROM searches") > 0);
    }
    SECTION("locked by another writer past the busy timeout") {
        Store s({dir.db(), 1, 90, 100});
        s.record(searches("hafen", 1, 1), "2024-05-02");
        sqlite3* other = nullptr;
        REQUIRE(sqlite3_open(dir.db().c_str(), &other) == SQLITE_OK);
        REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
        CHECK_THROWS_AS(s.record(searches("hafen", 1, 1), "2024-05-02"), StoreError);
        sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(other);
        // Free again: the same Store writes on (the lost batch stays lost).
        s.record(searches("hafen", 1, 1), "2024-05-02");
        CHECK(scalar(dir.db(), "SELECT searches FROM searches WHERE query='hafen'") == 2);
    }
    SECTION("a missing directory") {
        CHECK_THROWS_AS(Store({(dir.path / "no" / "such" / "stats.db").string(), 3, 90}), StoreError);
    }
}

TEST_CASE("a reader that comes while the store is being created waits for its tables", "[stats][store][concurrency]") {
    TempDir dir("creating");
    // What a writer leaves for a moment: the file, none of its tables.
    { std::ofstream touch(dir.db(), std::ios::binary); }
    SECTION("the writer finishes within the busy timeout") {
        std::thread writer([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
            Store w({dir.db(), 1, 90});
            w.record(searches("hafen", 1, 1), "2024-05-02");
        });
        StoreSettings settings{dir.db(), 3, 90, 5000};
        std::unique_ptr<Store> reader;
        CHECK_NOTHROW(reader = std::make_unique<Store>(settings, Store::Mode::READ));
        writer.join();
    }
    SECTION("a file that stays empty is a clear error, not a hang") {
        StoreSettings settings{dir.db(), 3, 90, 100};
        auto t0 = std::chrono::steady_clock::now();
        try {
            Store reader(settings, Store::Mode::READ);
            FAIL("an empty file opened as a store");
        } catch (const StoreError& e) {
            CHECK(std::string(e.what()).find("has no tables") != std::string::npos);
        }
        CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30));
    }
}
