#include "indexer/article.hpp"

#include <nlohmann/json.hpp>

namespace news::indexer {

nlohmann::json to_json(const Article& a, bool with_body) {
    nlohmann::json out = {{"id", a.id},         {"url", a.url},         {"title", a.title},
                          {"lead", a.lead},     {"author", a.author},   {"date", a.date},
                          {"regions", a.regions}, {"topics", a.topics}, {"place_regions", a.place_regions},
                          {"path", a.path}};
    if (with_body) out["body"] = a.body;
    return out;
}

}  // namespace news::indexer
