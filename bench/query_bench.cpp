// news-query-bench: latency of the fixed query list in process, on one
// thread, three ways over the same database:
//   1. the searcher library as the website calls it (facets over the whole
//      match set, snippets, spelling);
//   2. the searcher library without facets and snippets;
//   3. bare Xapian: QueryParser (german2 stemmer, AND) + Enquire, top 10
//      with their document data, no facets, no snippets.
// Prints p50/p95/p99/max in milliseconds per mode (a benchmark, not a test).
#include "searcher/searcher.hpp"

#include <CLI/CLI.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Mode {
    std::string key;   // for the RESULT line read by scripts
    std::string name;
    std::function<void(const std::string&)> run;
    std::vector<double> ms;                              // every timed run
    std::map<std::string, std::vector<double>> by_query;  // for --slowest
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

std::vector<std::string> read_queries(const std::string& path) {
    std::vector<std::string> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos) out.push_back(line);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"news-query-bench: the fixed queries through the searcher library and bare Xapian"};
    std::string db, queries_file;
    unsigned rounds = 20, slowest = 0;
    std::string only;
    bool recency = false;
    app.add_option("--db", db, "Database path (stub or generation directory)")->required();
    app.add_option("--queries", queries_file, "One query a line")->required()->check(CLI::ExistingFile);
    app.add_option("--rounds", rounds, "Timed passes over the list per mode (after one warm-up pass)")
        ->capture_default_str();
    app.add_flag("--recency", recency, "Searcher modes rank fresh articles up, as the website does");
    app.add_option("--slowest", slowest, "Also print the N slowest queries of each mode (by median)");
    app.add_option("--mode", only, "Only this mode (full, plain or bare), e.g. under perf stat or callgrind")
        ->check(CLI::IsMember({"full", "plain", "bare"}));
    CLI11_PARSE(app, argc, argv);

    const std::vector<std::string> queries = read_queries(queries_file);
    if (queries.empty()) return 2;
    news::searcher::Searcher searcher(db);

    Xapian::Database xdb(db);
    Xapian::QueryParser qp;
    qp.set_database(xdb);
    qp.set_stemmer(Xapian::Stem("german2"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);

    size_t sink = 0;  // keeps the optimiser from dropping work
    auto with = [&](bool extras) {
        return [&, extras](const std::string& q) {
            news::searcher::SearchRequest req;
            req.query = q;
            req.facets = req.snippets = extras;
            req.recency = recency;
            auto r = searcher.search(req);
            sink += r.hits.size() + r.facets.size();
        };
    };
    std::vector<Mode> modes;
    modes.push_back({"full", "searcher, facets + snippets", with(true), {}, {}});
    modes.push_back({"plain", "searcher, no facets/snippets", with(false), {}, {}});
    modes.push_back({"bare", "bare Xapian Enquire", [&](const std::string& q) {
                         Xapian::Enquire enquire(xdb);
                         enquire.set_query(qp.parse_query(q, Xapian::QueryParser::FLAG_DEFAULT));
                         Xapian::MSet mset = enquire.get_mset(0, 10);
                         for (auto it = mset.begin(); it != mset.end(); ++it) sink += it.get_document().get_data().size();
                     }, {}, {}});
    if (!only.empty())
        modes.erase(std::remove_if(modes.begin(), modes.end(), [&](const Mode& m) { return m.key != only; }),
                    modes.end());

    for (Mode& m : modes) {
        for (const std::string& q : queries) m.run(q);  // warm-up: caches, first-touch pages
        for (unsigned r = 0; r < rounds; ++r) {
            for (const std::string& q : queries) {
                auto t0 = Clock::now();
                m.run(q);
                double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                m.ms.push_back(ms);
                m.by_query[q].push_back(ms);
            }
        }
    }

    std::printf("%zu documents, %zu queries x %u rounds, one thread\n", static_cast<size_t>(searcher.doccount()),
                queries.size(), rounds);
    std::printf("%-30s %9s %9s %9s %9s %9s\n", "", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms");
    for (const Mode& m : modes) {
        double sum = 0;
        for (double v : m.ms) sum += v;
        std::printf("%-30s %9.2f %9.2f %9.2f %9.2f %9.2f\n", m.name.c_str(), percentile(m.ms, 50),
                    percentile(m.ms, 95), percentile(m.ms, 99), *std::max_element(m.ms.begin(), m.ms.end()),
                    sum / static_cast<double>(m.ms.size()));
        std::printf("RESULT mode=%s p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f\n", m.key.c_str(), percentile(m.ms, 50),
                    percentile(m.ms, 95), percentile(m.ms, 99));
    }
    for (const Mode& m : modes) {
        if (slowest == 0) break;
        std::vector<std::pair<double, std::string>> med;
        for (const auto& [q, v] : m.by_query) med.emplace_back(percentile(v, 50), q);
        std::sort(med.rbegin(), med.rend());
        std::printf("\nslowest (%s):\n", m.name.c_str());
        for (size_t i = 0; i < med.size() && i < slowest; ++i) std::printf("  %8.2f ms  %s\n", med[i].first, med[i].second.c_str());
    }
    return sink == static_cast<size_t>(-1) ? 1 : 0;
}
