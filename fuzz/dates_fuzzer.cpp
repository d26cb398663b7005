// libFuzzer target: see check_dates() in fuzz/checks.hpp for what it asserts.

#include "fuzz/checks.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    news::fuzz::init_process();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    news::fuzz::require(news::fuzz::check_dates(input), input);
    return 0;
}
