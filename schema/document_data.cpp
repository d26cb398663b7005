#include "schema/document_data.hpp"

namespace news::schema {

std::string join_document_data(std::string header_json, std::string_view body) {
    header_json.reserve(header_json.size() + 1 + body.size());
    header_json += '\n';
    header_json.append(body);
    return header_json;
}

DocumentDataParts split_document_data(std::string_view data) {
    DocumentDataParts parts;
    const size_t nl = data.find('\n');
    if (nl == std::string_view::npos) {
        parts.header = data;
        return parts;
    }
    parts.header = data.substr(0, nl);
    parts.body = data.substr(nl + 1);
    parts.body_outside = true;
    return parts;
}

}  // namespace news::schema
