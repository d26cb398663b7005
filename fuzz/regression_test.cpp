// The fuzzers' invariants (fuzz/checks.hpp) in the normal build: on the
// sample archive, and on every input a fuzzer once broke them with
// (fuzz/regressions/TARGET/, one file per finding, kept as libFuzzer saved it).

#include "fuzz/checks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using news::fuzz::QueryChecker;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> files_below(const fs::path& dir) {
    std::vector<fs::path> out;
    if (fs::is_directory(dir))
        for (const auto& e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file()) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

QueryChecker& query_checker() {
    static QueryChecker checker(NEWS_CORPUS_DIR,
                                fs::temp_directory_path() / ("news_fuzz_regression_" + std::to_string(::getpid())));
    return checker;
}

using Check = std::function<std::string(std::string_view)>;

const std::map<std::string, Check>& checks() {
    static const std::map<std::string, Check> all = {
        {"html", news::fuzz::check_html},     {"xml", news::fuzz::check_xml},
        {"dates", news::fuzz::check_dates},   {"params", news::fuzz::check_params},
        {"stored", news::fuzz::check_stored}, {"query", [](std::string_view b) { return query_checker().check(b); }}};
    return all;
}

}  // namespace

TEST_CASE("the fuzzers' invariants hold on the sample archive", "[fuzz]") {
    news::fuzz::init_process();
    size_t pages = 0, feeds = 0;
    for (const fs::path& p : files_below(NEWS_CORPUS_DIR)) {
        const std::string bytes = read_file(p);
        INFO(p.string());
        if (p.extension() == ".html") {
            CHECK(news::fuzz::check_html(bytes) == "");
            ++pages;
        } else if (p.extension() == ".xml" || p.extension() == ".rss" || p.extension() == ".atom") {
            CHECK(news::fuzz::check_xml(bytes) == "");
            ++feeds;
        }
    }
    CHECK(pages > 10);
    CHECK(feeds > 5);
    for (const char* d : {"21. November 2024", "Do, 23. Mai 2019", "Thu, 21 Nov 2024 10:00:00 +0100", "2024-02-29"})
        CHECK(news::fuzz::check_dates(d) == "");
    CHECK(news::fuzz::check_params("q=Hafen+Hamburg&region=Nordwest&from=2024-01-01&page=2") == "");
    CHECK(news::fuzz::check_stored("{\"id\":\"a\",\"title\":\"T\",\"regions\":[\"Nordwest\"]}\nText") == "");
    CHECK(query_checker().check("Metropolregion\nregion=Nordwest\nsort=date") == "");
    CHECK(query_checker().check("titel:(\n") == "");
}

TEST_CASE("saved fuzz findings keep the invariants, each within 10 s", "[fuzz][regression]") {
    news::fuzz::init_process();
    for (const fs::path& file : files_below(NEWS_REGRESSIONS_DIR)) {
        const std::string target = file.parent_path().filename().string();
        DYNAMIC_SECTION(target << "/" << file.filename().string()) {
            auto check = checks().find(target);
            REQUIRE(check != checks().end());
            const std::string bytes = read_file(file);
            const auto start = std::chrono::steady_clock::now();
            CHECK(check->second(bytes) == "");
            CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 10.0);
        }
    }
}
