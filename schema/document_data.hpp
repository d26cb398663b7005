#pragma once
/// The layout of a document's data (what Xapian stores per document and
/// the searcher reads back for each hit): the article's fields as one line
/// of JSON, then a newline, then the body text as it is.
///
/// The body is most of the data and only snippets and exports need it;
/// outside the JSON, a hit's fields are read without lexing the body
/// character by character (about 8% of a search's instructions), and the
/// indexer does not escape it. Data without a newline is a JSON object
/// that holds the body itself: what indexes before this layout stored,
/// and what a body that is not well-formed UTF-8 still gets (the JSON
/// writer repairs it).

#include <string>
#include <string_view>

namespace news::schema {

/// `header_json` must be JSON without a raw newline (nlohmann's compact
/// dump never writes one); `body` goes after it as it is.
std::string join_document_data(std::string header_json, std::string_view body);

struct DocumentDataParts {
    std::string_view header;  ///< the JSON object
    std::string_view body;    ///< the body text, when `body_outside`
    bool body_outside = false;
};

/// Splits data written by join_document_data(); data without a newline is
/// all header (and the body, if any, is inside its JSON).
DocumentDataParts split_document_data(std::string_view data);

}  // namespace news::schema
