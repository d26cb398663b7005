#pragma once
/// Helpers for the end-to-end tests: temporary directories and running the
/// project's executables as a user would.

#include <cstdio>
#include <iostream>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace news::test {

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag) {
        path = std::filesystem::temp_directory_path() /
               ("news_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    static int& counter() {
        static int n = 0;
        return n;
    }
};

struct Run {
    int exit_code = -1;
    std::string out;  ///< stdout only; stderr goes to the test log
};

/// Run a shell command line, capture stdout and the exit code.
inline Run run(const std::string& cmd) {
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

/// Single-quote a string for the shell.
inline std::string q(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

inline std::string bin(const char* name) { return std::string(NEWS_BIN_DIR) + "/" + name; }

/// The marker ctest reads as "skipped" (SKIP_REGULAR_EXPRESSION in
/// tests/CMakeLists.txt): Catch2 v2 has no skip of its own.
inline constexpr const char* kSkipMarker = "SKIPPED: needs ";

/// True when `path` (data from ../shared, never copied into the repository)
/// exists; otherwise prints the skip marker naming `what` and the path, and
/// the test returns without asserting anything.
inline bool shared_data(const std::string& path, const std::string& what) {
    if (std::filesystem::exists(path)) return true;
    std::cout << kSkipMarker << what << ": " << path << " not found (../shared beside the clone)" << std::endl;
    return false;
}

}  // namespace news::test
