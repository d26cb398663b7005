#include "web/worker_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>

using news::web::WorkerPool;
using namespace std::chrono_literals;

TEST_CASE("a full queue refuses at once, queued jobs all run", "[web][pool]") {
    std::promise<void> release;
    std::shared_future<void> gate = release.get_future().share();
    std::atomic<int> ran{0};
    {
        WorkerPool pool(1, 2, 0ms);
        // One job runs (blocked), two wait, the fourth finds the queue full.
        CHECK(pool.try_submit([&](bool) { gate.wait(); ++ran; }));
        while (pool.running() == 0) std::this_thread::sleep_for(1ms);
        CHECK(pool.try_submit([&](bool) { ++ran; }));
        CHECK(pool.try_submit([&](bool) { ++ran; }));
        CHECK_FALSE(pool.try_submit([&](bool) { ++ran; }));
        CHECK(pool.queued() == 2);
        release.set_value();
    }
    CHECK(ran == 3);
}

TEST_CASE("a job that waited longer than the bound is told so", "[web][pool]") {
    std::promise<void> release;
    std::shared_future<void> gate = release.get_future().share();
    std::atomic<int> expired{0}, fresh{0};
    {
        WorkerPool pool(1, 8, 20ms);
        pool.try_submit([&](bool e) { gate.wait(); (e ? expired : fresh)++; });
        while (pool.running() == 0) std::this_thread::sleep_for(1ms);
        pool.try_submit([&](bool e) { (e ? expired : fresh)++; });
        std::this_thread::sleep_for(60ms);
        release.set_value();
    }
    CHECK(fresh == 1);    // the first started at once
    CHECK(expired == 1);  // the second waited 60 ms against a bound of 20
}
