#pragma once
/// A generated archive of German-looking news pages, big enough that a build
/// takes seconds (so it can be killed in the middle), written in the test.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace news::nightly {

/// The word every third article contains: a query with a stable total.
inline constexpr const char* kCommonWord = "Metropolregion";

/// Write `n` HTML articles below `dir` (region/year/month/slug.html).
/// Deterministic. Returns the paths written, sorted.
std::vector<std::filesystem::path> write_corpus(const std::filesystem::path& dir, size_t n);

/// One page of the archive's HTML layout with this title and paragraphs.
std::string article_page(const std::string& title, const std::vector<std::string>& paragraphs,
                         const std::string& date = "2024-05-01");

/// Append a paragraph containing `word` to the article in `file` (its size
/// and content change; its mtime moves on by `seconds`).
void add_word(const std::filesystem::path& file, const std::string& word, int seconds = 2);

}  // namespace news::nightly
