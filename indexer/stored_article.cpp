#include "indexer/stored_article.hpp"

#include "schema/document_data.hpp"

#include <nlohmann/json.hpp>

namespace news::indexer {

namespace {

std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto& v : j[key])
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

}  // namespace

Article article_from_data(const std::string& data) {
    Article a;
    const schema::DocumentDataParts parts = schema::split_document_data(data);
    auto j = nlohmann::json::parse(parts.header, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return a;
    auto text = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
    a.id = text("id");
    a.url = text("url");
    a.title = text("title");
    a.lead = text("lead");
    a.body = parts.body_outside ? std::string(parts.body) : text("body");
    a.author = text("author");
    a.date = text("date");
    a.path = text("path");
    a.regions = strings(j, "regions");
    a.topics = strings(j, "topics");
    a.place_regions = strings(j, "place_regions");
    return a;
}

}  // namespace news::indexer
