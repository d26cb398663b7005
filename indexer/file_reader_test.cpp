#include "indexer/file_reader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace news::indexer;
namespace fs = std::filesystem;

TEST_CASE("only HTML and XML files are indexable", "[file]") {
    CHECK(is_indexable("a/b.html"));
    CHECK(is_indexable("a/b.HTM"));
    CHECK(is_indexable("a/b.xml"));
    CHECK(is_indexable("feed.rss"));
    CHECK_FALSE(is_indexable("a/b.txt"));
    CHECK_FALSE(is_indexable("a/b.css"));
}

TEST_CASE("bad files are skipped with a reason", "[file][bad]") {
    fs::path dir = fs::temp_directory_path() / ("news_file_reader_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto write = [&](const char* name, const std::string& bytes) {
        std::ofstream(dir / name, std::ios::binary) << bytes;
        return dir / name;
    };
    auto empty = read_article_file(write("empty.html", ""), "empty.html");
    CHECK(empty.result.error == "empty file");
    auto blank = read_article_file(write("blank.html", "  \n\t "), "blank.html");
    CHECK(blank.result.error == "empty file");
    std::string binary(4096, '\0');
    binary[10] = 'x';
    auto bin = read_article_file(write("bin.html", binary), "bin.html");
    CHECK(bin.result.error == "binary content, not text");
    auto missing = read_article_file(dir / "missing.html", "missing.html");
    CHECK(missing.result.error.find("cannot stat") == 0);
    auto good = read_article_file(write("good.html", "<article><h1>Gut</h1><p>Ein Artikel, der lang genug ist, um gelesen zu werden.</p></article>"), "good.html");
    CHECK(good.result.ok());
    CHECK(good.stamp.hash.size() == 16);
    CHECK(good.stamp.size > 0);
    fs::remove_all(dir);
}
