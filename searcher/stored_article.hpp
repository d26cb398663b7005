#pragma once
/// The stored fields of a hit, read straight from the document data (the
/// JSON object the indexer writes) with nlohmann::json's SAX parser, without
/// building a JSON tree: parsing each hit's data into an nlohmann::json was
/// a third of a search without snippets, most of it spent on the body that
/// only snippets need.

#include <string>
#include <string_view>
#include <vector>

namespace news::searcher {

struct StoredArticle {
    std::string id, url, title, date, path, lead, body;
    std::vector<std::string> regions, topics;
};

/// Reads the fields above from `data`, a JSON object; other keys are
/// skipped whatever their value, a field of another type than expected
/// stays empty (as do non-string array elements), the body is only kept
/// when `with_body` (it is still lexed, as every value is). False, with
/// `out` left empty, when `data` is not one valid JSON object.
bool read_stored_article(std::string_view data, StoredArticle& out, bool with_body = true);

}  // namespace news::searcher
