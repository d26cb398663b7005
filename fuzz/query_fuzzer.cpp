// libFuzzer target: see QueryChecker in fuzz/checks.hpp for what it asserts.
// The index of corpus/ is built once, in a temporary directory, at start-up.

#include "fuzz/checks.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace {
// libFuzzer calls plain functions: the index lives as long as the process.
std::unique_ptr<news::fuzz::QueryChecker> checker;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    news::fuzz::init_process();
    checker = std::make_unique<news::fuzz::QueryChecker>(
        NEWS_CORPUS_DIR, std::filesystem::temp_directory_path() / ("news_query_fuzzer_" + std::to_string(::getpid())));
    std::atexit([] { checker.reset(); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    news::fuzz::require(checker->check(input), input);
    return 0;
}
