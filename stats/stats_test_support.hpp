#pragma once
/// Helpers for the stats tests: a fresh temporary directory, the raw bytes
/// of a store's files, and direct counts read with SQLite.

#include "stats/store.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

namespace news::stats::test {

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag) {
        static int n = 0;
        path = std::filesystem::temp_directory_path() /
               ("news_stats_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string db() const { return (path / "stats.db").string(); }
};

/// Every byte SQLite keeps for the store: the file, its WAL and shared memory.
inline std::string file_bytes(const std::string& db) {
    std::string all;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::ifstream in(db + suffix, std::ios::binary);
        all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
}

/// One integer from a SQL statement on the store (0 when no row).
inline long long scalar(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    long long v = 0;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

}  // namespace news::stats::test
