#pragma once
/// Final stage shared by every reader: regions and topics mapped onto the
/// schema's vocabularies (from metadata, else breadcrumbs, else the path),
/// white space cleaned, and the stable id chosen.

#include "indexer/article.hpp"

#include <string>
#include <vector>

namespace news::indexer {

/// Fill regions/topics from raw values (split at ',', ';' and '|'), falling
/// back to breadcrumb texts and then to directory names of the path that are
/// known regions. Keeps the URL only when is_web_url() (else drops it with
/// a warning). Sets id to the URL, else the relative path.
/// An absolute http:// or https:// address without spaces or control
/// characters ("javascript:…", "data:…", "/relative" are not).
bool is_web_url(const std::string& url);

void normalise_metadata(Article& a, const std::vector<std::string>& raw_regions,
                        const std::vector<std::string>& raw_topics,
                        const std::vector<std::string>& breadcrumbs = {});

}  // namespace news::indexer
