#pragma once
/// Shared by the operations tests: a scratch archive, and the news-index and
/// news-search executables (paths from CMake) run as an operator would.

#include "child_process.hpp"
#include "synthetic_corpus.hpp"
#include <nlohmann/json.hpp>

#include <fstream>
#include <initializer_list>
#include <unistd.h>
#include <string>
#include <vector>

namespace news::nightly {

/// A fresh directory below the system's temporary directory, removed at the end.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag) {
        static int n = 0;
        path = std::filesystem::temp_directory_path() /
               ("news_nightly_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

/// A source directory, a database path and a scratch directory for output.
struct Workspace {
    TempDir dir;
    std::filesystem::path src, db, scratch;
    explicit Workspace(const std::string& tag) : dir(tag) {
        src = dir.path / "src";
        db = dir.path / "news.db";
        scratch = dir.path / "scratch";
        std::filesystem::create_directories(src);
        std::filesystem::create_directories(scratch);
    }
    std::string src_s() const { return src.string(); }
    std::string db_s() const { return db.string(); }
};

inline std::vector<std::string> args(const char* exe, std::initializer_list<std::string> rest) {
    std::vector<std::string> v{exe};
    v.insert(v.end(), rest);
    return v;
}

/// news-index with these arguments, run to the end.
inline Result news_index(const Workspace& w, std::initializer_list<std::string> rest) {
    return run(args(NEWS_INDEX_BIN, rest), w.scratch);
}

/// `news-index build --source SRC --db DB` (plus extra arguments) as a child.
inline std::vector<std::string> index_command(const Workspace& w, const std::string& cmd,
                                              std::initializer_list<std::string> extra = {}) {
    std::vector<std::string> v = args(NEWS_INDEX_BIN, {cmd, "--source", w.src_s(), "--db", w.db_s()});
    v.insert(v.end(), extra);
    return v;
}

/// The total news-search reports for a query; -1 when the search failed.
inline long search_total(const Workspace& w, const std::string& query) {
    Result r = run(args(NEWS_SEARCH_BIN, {"--db", w.db_s(), "--format", "json", "--limit", "1", query}), w.scratch);
    if (r.code != 0) return -1;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    return j.is_object() && j.contains("total") ? j["total"].get<long>() : -1;
}

}  // namespace news::nightly
