#pragma once
/// The stored fields of a hit, read straight from the document data
/// (schema/document_data.hpp: the JSON object the indexer writes, then the
/// body) with nlohmann::json's SAX parser, without building a JSON tree:
/// parsing each hit's data into an nlohmann::json was a third of a search
/// without snippets, most of it spent on the body that only snippets need.

#include <string>
#include <string_view>
#include <vector>

namespace news::searcher {

struct StoredArticle {
    std::string id, url, title, date, path, lead, body;
    std::vector<std::string> regions, topics;
};

/// Reads the fields above from `data`: a JSON object, optionally followed
/// by a newline and the body. Other keys are skipped whatever their value,
/// a field of another type than expected stays empty (as do non-string
/// array elements), the body is only kept when `with_body` (a body inside
/// the JSON, as older indexes store it, is still lexed). False, with `out`
/// left empty, when the JSON part is not one valid JSON object.
bool read_stored_article(std::string_view data, StoredArticle& out, bool with_body = true);

}  // namespace news::searcher
