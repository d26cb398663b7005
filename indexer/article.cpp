#include "indexer/article.hpp"

#include <nlohmann/json.hpp>

namespace news::indexer {

nlohmann::json to_json(const Article& a) {
    return {{"id", a.id},         {"url", a.url},         {"title", a.title},   {"lead", a.lead},
            {"body", a.body},     {"author", a.author},   {"date", a.date},     {"regions", a.regions},
            {"topics", a.topics}, {"place_regions", a.place_regions}, {"path", a.path}};
}

}  // namespace news::indexer
