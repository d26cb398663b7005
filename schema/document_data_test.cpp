#include "schema/document_data.hpp"

#include <catch2/catch.hpp>

using namespace news::schema;

TEST_CASE("document data: JSON, newline, body, older data is all JSON", "[document_data]") {
    const std::string data = join_document_data(R"({"id":"a"})", "Text\nmit Zeilen\n");
    CHECK(data == "{\"id\":\"a\"}\nText\nmit Zeilen\n");
    auto parts = split_document_data(data);
    CHECK(parts.body_outside);
    CHECK(parts.header == R"({"id":"a"})");
    CHECK(parts.body == "Text\nmit Zeilen\n");

    const std::string empty_data = join_document_data("{}", "");  // the parts point into it
    auto empty = split_document_data(empty_data);
    CHECK(empty.body_outside);
    CHECK(empty.header == "{}");
    CHECK(empty.body.empty());

    auto legacy = split_document_data(R"({"id":"a","body":"Text"})");
    CHECK_FALSE(legacy.body_outside);
    CHECK(legacy.header == R"({"id":"a","body":"Text"})");
    CHECK(legacy.body.empty());
}
