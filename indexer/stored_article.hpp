#pragma once
/// The article a document was built from, read back from the document's
/// data (to_json(Article) plus "source"). An update needs it to take a
/// deleted document's words out of the spelling table again.

#include "indexer/article.hpp"

#include <string>

namespace news::indexer {

/// The article stored in a document's data (empty fields when unreadable).
Article article_from_data(const std::string& data);

}  // namespace news::indexer
