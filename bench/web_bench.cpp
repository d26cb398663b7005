// news-web-bench: the in-process half of bench/web_bench.sh. The queries that
// wrk sends to /api/search, turned into the same SearchRequest by the web
// library's parameter parsing, run straight through the searcher library by
// N threads (one Searcher each) for a fixed time; prints req/s, latency and
// the CPU time the process spent per search (bench/cluster_bench.sh reads it).
#include "searcher/searcher.hpp"
#include "web/params.hpp"
#include "web/service.hpp"

#include <CLI/CLI.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

int main(int argc, char** argv) {
    CLI::App app{"news-web-bench: the /api/search queries through the searcher library alone"};
    std::string db, queries_file;
    unsigned threads = 16, duration = 20;
    bool warmup = false;
    app.add_option("--db", db, "Database path")->required();
    app.add_option("--queries", queries_file, "One query a line")->required()->check(CLI::ExistingFile);
    app.add_option("--threads", threads, "Searches at once (as wrk's connections)")->capture_default_str();
    app.add_option("--duration", duration, "Seconds to run")->capture_default_str();
    app.add_flag("--warmup", warmup, "Each thread runs every query once before the clock starts");
    CLI11_PARSE(app, argc, argv);

    std::vector<news::searcher::SearchRequest> requests;
    std::ifstream in(queries_file);
    const double time_limit = news::web::ServiceSettings{}.time_limit_seconds;
    for (std::string line; std::getline(in, line);) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto params = news::web::parse_search_params({{"q", line}}, news::web::Limits{});
        requests.push_back(params.to_request());
        requests.back().time_limit_seconds = time_limit;
    }
    if (requests.empty()) return 2;

    std::vector<std::vector<double>> latencies(threads);
    std::atomic<unsigned> ready{0};
    std::atomic<bool> go{false};
    std::atomic<int> errors{0};
    std::chrono::steady_clock::time_point deadline;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            news::searcher::Searcher searcher(db);  // opened before the clock starts
            if (warmup) {
                for (const auto& r : requests) try {
                        searcher.search(r);
                    } catch (const std::exception&) {
                    }
            }
            ++ready;
            while (!go) std::this_thread::yield();
            for (size_t i = t * 7; std::chrono::steady_clock::now() < deadline; ++i) {
                auto start = std::chrono::steady_clock::now();
                try {
                    searcher.search(requests[i % requests.size()]);
                } catch (const std::exception&) {
                    ++errors;
                }
                latencies[t].push_back(
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            }
        });
    }
    while (ready < threads) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto cpu_seconds = [] {
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);  // every thread of the process
        return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    };
    const double cpu_start = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    deadline = start + std::chrono::seconds(duration);
    go = true;
    for (auto& t : pool) t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = cpu_seconds() - cpu_start;
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, size_t(p / 100 * all.size()))]; };
    std::printf("RESULT requests=%zu seconds=%.1f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d "
                "cpu_ms_per_search=%.2f\n",
                all.size(), seconds, all.size() / seconds, pct(50), pct(95), pct(99), errors.load(),
                all.empty() ? 0.0 : 1000 * cpu / static_cast<double>(all.size()));
    return errors ? 1 : 0;
}
