// news-query-bench: latency of fixed query lists in process, on one
// thread, three ways over the same database:
//   1. the searcher library as the website calls it (facets over the whole
//      match set, snippets, spelling);
//   2. the searcher library without facets and snippets;
//   3. bare Xapian: QueryParser (german2 stemmer, AND) + Enquire, top 10
//      with their document data, no facets, no snippets.
// Prints p50/p95/p99/max in milliseconds per mode over the --queries list
// (one query a line), then p50/p99 per query kind (one word, several words,
// phrase, phrase with stopword, wildcard, filter only, date range,
// misspelt) over both lists: the --queries lines classified by their form,
// the --kinds lines (bench/query_kinds.txt) by their tag, with the
// thread's CPU time per search beside the wall time (on a shared machine the
// wall time includes waiting for a core; the CPU time mostly does not). A
// benchmark, not a test.
#include "schema/analysis.hpp"
#include "schema/text.hpp"
#include "searcher/searcher.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

/// The kinds of issue 15, in the order they are printed: {tag, name}.
constexpr std::array<std::pair<const char*, const char*>, 8> kKinds{{
    {"one-word", "one word"},
    {"several-words", "several words"},
    {"phrase", "phrase"},
    {"phrase-stopword", "phrase with stopword"},
    {"wildcard", "wildcard"},
    {"filter-only", "filter only"},
    {"date-range", "date range"},
    {"misspelt", "misspelt"},
}};

bool known_kind(const std::string& tag) {
    return std::any_of(kKinds.begin(), kKinds.end(), [&](const auto& k) { return tag == k.first; });
}

/// One benchmark request: what the search page would send.
struct Entry {
    std::string kind;    ///< a tag of kKinds
    std::string label;   ///< for --slowest: the query, with its filters
    news::searcher::SearchRequest request;
    bool in_mix = false; ///< from --queries: counts in the overall table
    bool has_filters() const {
        return !request.regions.empty() || !request.topics.empty() || !request.from.empty() || !request.to.empty();
    }
};

struct Mode {
    std::string key;   // for the RESULT line read by scripts
    std::string name;
    std::function<void(const Entry&)> run;
    std::vector<double> ms;                              // every timed run of the --queries mix
    std::map<std::string, std::vector<double>> by_kind;  // every timed run, by kind
    std::map<std::string, std::vector<double>> cpu_by_kind;  // the thread's CPU time of each, by kind
    std::map<std::string, std::vector<double>> by_query;  // for --slowest and each kind's slowest
};

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, sep)) out.push_back(part);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

/// The kind of a plain query line, by its form: quotes make a phrase (with
/// a stopword among its words: a phrase with stopword), else one word or
/// several. The kinds file names the others (wildcards, filters, misspellings
/// look like words).
std::string classify(const std::string& query, const news::schema::GermanAnalyzer& analyzer) {
    auto words = [](const std::string& s) {
        std::vector<std::string> out;
        std::string w;
        for (char c : s + " ") {
            if (c == ' ' || c == '\t' || c == '"') {
                if (!w.empty()) out.push_back(w);
                w.clear();
            } else {
                w += c;
            }
        }
        return out;
    };
    const size_t open = query.find('"');
    if (open != std::string::npos) {
        const size_t close = query.find('"', open + 1);
        for (const std::string& w : words(query.substr(open + 1, close == std::string::npos ? close : close - open - 1)))
            if (analyzer.is_stopword(news::schema::to_lower(w))) return "phrase-stopword";
        return "phrase";
    }
    return words(query).size() > 1 ? "several-words" : "one-word";
}

std::vector<Entry> read_queries(const std::string& path, const news::schema::GermanAnalyzer& analyzer) {
    std::vector<Entry> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        Entry e;
        e.request.query = e.label = line;
        e.kind = classify(line, analyzer);
        e.in_mix = true;
        out.push_back(std::move(e));
    }
    return out;
}

/// bench/query_kinds.txt: KIND <TAB> QUERY [<TAB> FILTERS]; '#' starts a
/// comment line; QUERY "-" is none; FILTERS as the search page's URL carries
/// them, unencoded: region=…&topic=…&from=YYYY-MM-DD&to=YYYY-MM-DD.
std::vector<Entry> read_kinds(const std::string& path) {
    std::vector<Entry> out;
    std::ifstream in(path);
    unsigned number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::vector<std::string> fields = split(line, '\t');
        auto fail = [&](const std::string& why) {
            throw std::runtime_error(path + ":" + std::to_string(number) + ": " + why);
        };
        if (fields.size() < 2 || fields.size() > 3) fail("expected KIND <TAB> QUERY [<TAB> FILTERS]");
        Entry e;
        e.kind = fields[0];
        if (!known_kind(e.kind)) fail("unknown kind '" + e.kind + "'");
        e.request.query = fields[1] == "-" ? "" : fields[1];
        e.label = fields[1];
        if (fields.size() == 3 && !fields[2].empty()) {
            e.label += "  [" + fields[2] + "]";
            for (const std::string& pair : split(fields[2], '&')) {
                const size_t eq = pair.find('=');
                if (eq == std::string::npos) fail("filter without '=': " + pair);
                const std::string key = pair.substr(0, eq), value = pair.substr(eq + 1);
                if (key == "region") e.request.regions.push_back(value);
                else if (key == "topic") e.request.topics.push_back(value);
                else if (key == "from") e.request.from = value;
                else if (key == "to") e.request.to = value;
                else fail("unknown filter '" + key + "' (region, topic, from, to)");
            }
        }
        if (e.request.query.empty() && !e.has_filters()) fail("neither words nor filters");
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"news-query-bench: the fixed queries through the searcher library and bare Xapian"};
    std::string db, queries_file, kinds_file, format = "text";
    unsigned rounds = 20, slowest = 0;
    std::string only;
    bool recency = false;
    app.add_option("--db", db, "Database path (stub or generation directory)")->required();
    app.add_option("--queries", queries_file, "One query a line (../shared/tools/queries.txt); kinds by their form")
        ->check(CLI::ExistingFile);
    app.add_option("--kinds", kinds_file, "More queries tagged by kind, with filters (bench/query_kinds.txt)")
        ->check(CLI::ExistingFile);
    app.add_option("--rounds", rounds, "Timed passes over the lists per mode (after one warm-up pass)")
        ->capture_default_str();
    app.add_flag("--recency", recency, "Searcher modes rank fresh articles up, as the website does");
    app.add_option("--slowest", slowest, "Also print the N slowest queries of each mode (by median)");
    app.add_option("--mode", only, "Only this mode (full, plain or bare), e.g. under perf stat or callgrind")
        ->check(CLI::IsMember({"full", "plain", "bare"}));
    app.add_option("--format", format, "text (tables and RESULT lines) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    if (queries_file.empty() && kinds_file.empty()) {
        std::cerr << "give --queries, --kinds or both\n";
        return 2;
    }

    const news::schema::GermanAnalyzer analyzer(news::schema::AnalysisProfile::BASIC);  // its stopword list
    std::vector<Entry> entries;
    try {
        if (!queries_file.empty()) entries = read_queries(queries_file, analyzer);
        if (!kinds_file.empty())
            for (Entry& e : read_kinds(kinds_file)) entries.push_back(std::move(e));
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
    if (entries.empty()) return 2;
    news::searcher::Searcher searcher(db);

    Xapian::Database xdb(db);
    Xapian::QueryParser qp;
    qp.set_database(xdb);
    qp.set_stemmer(Xapian::Stem("german2"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);

    size_t sink = 0;  // keeps the optimiser from dropping work
    auto with = [&](bool extras) {
        return [&, extras](const Entry& e) {
            news::searcher::SearchRequest req = e.request;
            req.facets = req.snippets = extras;
            req.recency = recency;
            auto r = searcher.search(req);
            sink += r.hits.size() + r.facets.size();
        };
    };
    std::vector<Mode> modes;
    modes.push_back({"full", "searcher, facets + snippets", with(true), {}, {}, {}, {}});
    modes.push_back({"plain", "searcher, no facets/snippets", with(false), {}, {}, {}, {}});
    // Bare Xapian has no filters: requests with filters are left out of it.
    modes.push_back({"bare", "bare Xapian Enquire", [&](const Entry& e) {
                         Xapian::Enquire enquire(xdb);
                         enquire.set_query(qp.parse_query(e.request.query, Xapian::QueryParser::FLAG_DEFAULT |
                                                                               Xapian::QueryParser::FLAG_WILDCARD));
                         Xapian::MSet mset = enquire.get_mset(0, 10);
                         for (auto it = mset.begin(); it != mset.end(); ++it) sink += it.get_document().get_data().size();
                     }, {}, {}, {}, {}});
    if (!only.empty())
        modes.erase(std::remove_if(modes.begin(), modes.end(), [&](const Mode& m) { return m.key != only; }),
                    modes.end());

    for (Mode& m : modes) {
        auto runs = [&](const Entry& e) { return m.key != "bare" || !e.has_filters(); };
        for (const Entry& e : entries)  // warm-up: caches, first-touch pages
            if (runs(e)) m.run(e);
        for (unsigned r = 0; r < rounds; ++r) {
            for (const Entry& e : entries) {
                if (!runs(e)) continue;
                const double cpu0 = thread_cpu_ms();
                auto t0 = Clock::now();
                m.run(e);
                double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                m.cpu_by_kind[e.kind].push_back(thread_cpu_ms() - cpu0);
                if (e.in_mix) m.ms.push_back(ms);
                m.by_kind[e.kind].push_back(ms);
                m.by_query[e.label].push_back(ms);
            }
        }
    }

    std::map<std::string, unsigned> per_kind;
    for (const Entry& e : entries) ++per_kind[e.kind];
    std::map<std::string, std::string> kind_of;
    for (const Entry& e : entries) kind_of[e.label] = e.kind;
    auto slowest_of_kind = [&](const Mode& m, const std::string& kind) {
        std::pair<double, std::string> worst{-1, ""};
        for (const auto& [q, v] : m.by_query)
            if (kind_of[q] == kind) worst = std::max(worst, {percentile(v, 50), q});
        return worst;
    };
    const size_t mix = static_cast<size_t>(std::count_if(entries.begin(), entries.end(), [](const Entry& e) { return e.in_mix; }));

    if (format == "json") {
        nlohmann::json out;
        out["documents"] = searcher.doccount();
        out["rounds"] = rounds;
        out["recency"] = recency;
        out["queries"] = mix;
        out["modes"] = nlohmann::json::array();
        for (const Mode& m : modes) {
            nlohmann::json j{{"mode", m.key}, {"name", m.name}};
            if (!m.ms.empty())
                j.update({{"p50_ms", percentile(m.ms, 50)}, {"p95_ms", percentile(m.ms, 95)},
                          {"p99_ms", percentile(m.ms, 99)}, {"max_ms", *std::max_element(m.ms.begin(), m.ms.end())}});
            nlohmann::json kinds = nlohmann::json::array();
            for (const auto& [tag, name] : kKinds) {
                auto it = m.by_kind.find(tag);
                if (it == m.by_kind.end()) continue;
                auto worst = slowest_of_kind(m, tag);
                const auto& cpu = m.cpu_by_kind.at(tag);
                kinds.push_back({{"kind", tag}, {"name", name}, {"queries", per_kind[tag]},
                                 {"p50_ms", percentile(it->second, 50)}, {"p99_ms", percentile(it->second, 99)},
                                 {"cpu_p50_ms", percentile(cpu, 50)}, {"cpu_p99_ms", percentile(cpu, 99)},
                                 {"slowest", worst.second}, {"slowest_p50_ms", worst.first}});
            }
            j["kinds"] = std::move(kinds);
            out["modes"].push_back(std::move(j));
        }
        std::cout << out.dump(2) << "\n";
        return sink == static_cast<size_t>(-1) ? 1 : 0;
    }

    std::printf("%zu documents, %zu queries x %u rounds, one thread%s\n", static_cast<size_t>(searcher.doccount()),
                mix, rounds, recency ? ", website's ranking (recency)" : "");
    if (mix > 0) {
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
    }

    // Per kind: p50/p99 of every timed run of the kind's queries, wall time
    // (and the thread's CPU time for the first mode).
    std::printf("\nper query kind (%s%s%s), ms:\n", queries_file.empty() ? "" : "--queries classified by form",
                queries_file.empty() || kinds_file.empty() ? "" : ", ", kinds_file.empty() ? "" : "--kinds tagged");
    std::printf("%-20s %7s", "", "");
    for (size_t i = 0; i < modes.size(); ++i)
        std::printf(i == 0 ? " | %-35s" : " | %-15s", (modes[i].key + (i == 0 ? ": wall, CPU" : "")).c_str());
    std::printf(" |\n%-20s %7s", "kind", "queries");
    for (size_t i = 0; i < modes.size(); ++i) {
        if (i == 0) std::printf(" | %7s %7s %9s %9s", "p50", "p99", "CPU p50", "CPU p99");
        else std::printf(" | %7s %7s", "p50", "p99");
    }
    std::printf(" | slowest (%s, median)\n", modes.front().key.c_str());
    for (const auto& [tag, name] : kKinds) {
        if (!per_kind.count(tag)) continue;
        std::printf("%-20s %7u", name, per_kind[tag]);
        for (size_t i = 0; i < modes.size(); ++i) {
            const Mode& m = modes[i];
            auto it = m.by_kind.find(tag);
            if (it == m.by_kind.end()) std::printf(" | %7s %7s", "-", "-");
            else std::printf(" | %7.2f %7.2f", percentile(it->second, 50), percentile(it->second, 99));
            if (i == 0 && it != m.by_kind.end())
                std::printf(" %9.2f %9.2f", percentile(m.cpu_by_kind.at(tag), 50), percentile(m.cpu_by_kind.at(tag), 99));
            else if (i == 0)
                std::printf(" %9s %9s", "-", "-");
        }
        auto worst = slowest_of_kind(modes.front(), tag);
        std::printf(" | %.2f ms %s\n", worst.first, worst.second.c_str());
    }
    if (std::any_of(modes.begin(), modes.end(), [](const Mode& m) { return m.key == "bare"; }))
        std::printf("(bare Xapian: no filters, so requests with filters are left out of it: '-')\n");
    for (const Mode& m : modes)
        for (const auto& [tag, name] : kKinds) {
            auto it = m.by_kind.find(tag);
            if (it == m.by_kind.end()) continue;
            std::printf("RESULT kind=%s mode=%s queries=%u p50_ms=%.3f p99_ms=%.3f cpu_p50_ms=%.3f cpu_p99_ms=%.3f\n",
                        tag, m.key.c_str(), per_kind[tag], percentile(it->second, 50), percentile(it->second, 99),
                        percentile(m.cpu_by_kind.at(tag), 50), percentile(m.cpu_by_kind.at(tag), 99));
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
