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
    CHECK(bin.result.error == "binary content, not text (mostly NUL bytes)");
    auto missing = read_article_file(dir / "missing.html", "missing.html");
    CHECK(missing.result.error.find("cannot stat") == 0);
    auto good = read_article_file(write("good.html", "<article><h1>Gut</h1><p>Ein Artikel, der lang genug ist, um gelesen zu werden.</p></article>"), "good.html");
    CHECK(good.result.ok());
    CHECK(good.stamp.hash.size() == 16);
    CHECK(good.stamp.size > 0);
    fs::remove_all(dir);
}

TEST_CASE("a text page with a few NUL bytes is text, real binaries are named", "[file][bad][bytes]") {
    using namespace std::string_literals;
    const std::string article = "<article><h1>Gut</h1><p>Die Bürgermeisterin eröffnet die neue Brücke über den Fluss "
                                "am Montag mit einer kurzen Rede.</p></article>";
    std::string with_nul = article;
    with_nul.insert(with_nul.find("Bürger") + 6, "\0"s);
    with_nul += "\0\0"s;
    ReadResult text = parse_article_bytes(with_nul, "a.html", "a.html");
    REQUIRE(text.ok());
    CHECK(text.articles[0].body.find("Bürgermeisterin") != std::string::npos);
    struct Case {
        std::string bytes, kind;
    };
    const Case binaries[] = {
        {"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n" + article, "PDF"},
        {"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s, "PNG"},
        {"\xFF\xD8\xFF\xE0\0\x10JFIF"s, "JPEG"},
        {"PK\x03\x04\x14\0\0\0"s + article, "ZIP"},
        {"\x1F\x8B\x08\0"s, "gzip"},
        {std::string(4096, '\0') + "x", "mostly NUL"},
        {std::string(100, '\x01') + article, "control bytes"},
    };
    for (const Case& c : binaries) {
        CAPTURE(c.kind);
        ReadResult r = parse_article_bytes(c.bytes, "b.html", "b.html");
        CHECK(r.error.rfind("binary content, not text (", 0) == 0);
        CHECK(r.error.find(c.kind) != std::string::npos);
    }
    std::string utf16;  // UTF-16LE without a BOM: NULs in every other byte, yet text
    for (char ch : std::string("<html><body><article><h1>Gut</h1><p>Ein Artikel in UTF-16, lang genug, um als "
                               "Artikel zu gelten, mit einem zweiten Satz.</p></article></body></html>")) {
        utf16 += ch;
        utf16 += '\0';
    }
    ReadResult u = parse_article_bytes(utf16, "u.html", "u.html");
    REQUIRE(u.ok());
    CHECK(u.articles[0].body.find("Ein Artikel in UTF-16") != std::string::npos);
}
