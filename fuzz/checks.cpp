#include "fuzz/checks.hpp"

#include "indexer/xml_reader.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>

namespace news::fuzz {

void init_process() {
    // The libraries warn per skipped page or bad request; millions of runs
    // would print millions of lines.
    spdlog::set_level(spdlog::level::off);
    indexer::install_safe_xml_loader();
}

void require(const std::string& broken, std::string_view input) {
    if (broken.empty()) return;
    std::fprintf(stderr, "\n==fuzz== invariant broken: %s\n==fuzz== input: %zu bytes\n", broken.c_str(),
                 input.size());
    std::abort();
}

}  // namespace news::fuzz
