#include "schema/schema.hpp"

#include "schema/analysis.hpp"
#include "schema/text.hpp"
#include "schema/vocabulary.hpp"


namespace news::schema {

const std::vector<Field>& fields() {
    static const std::vector<Field> table = [] {
        using K = FieldKind;
        auto field = [](std::string_view name, K kind, std::string_view prefix,
                        std::vector<std::string_view> query_names = {}) {
            Field x;
            x.name = name;
            x.kind = kind;
            x.prefix = prefix;
            x.query_names = std::move(query_names);
            return x;
        };
        auto text = [&](std::string_view name, std::string_view prefix, std::vector<std::string_view> names,
                        Xapian::termcount weight) {
            Field x = field(name, K::TEXT, prefix, std::move(names));
            x.weight = weight;
            return x;
        };
        auto facet = [&](std::string_view name, std::string_view facet_name, std::string_view prefix,
                         std::vector<std::string_view> names, Slot slot, const Vocabulary& vocabulary) {
            Field x = field(name, K::KEYWORD, prefix, std::move(names));
            x.multi = true;
            x.slot = slot;
            x.facet = true;
            x.facet_name = facet_name;
            x.vocabulary = &vocabulary;
            return x;
        };
        std::vector<Field> f;
        f.push_back(field("id", K::ID, "Q", {"id"}));
        f.push_back(field("url", K::STORED, "U"));
        // Title and lead are also indexed unprefixed, with positions: their
        // prefixed copies (14% of all position lists) go without.
        f.push_back(text("title", "S", {"titel", "title"}, 4));
        f.back().prefix_positions = false;
        f.push_back(text("lead", "XLEAD", {"lead", "vorspann"}, 2));
        f.back().prefix_positions = false;
        f.push_back(text("body", "", {}, 1));
        f.push_back(text("author", "A", {"autor", "author"}, 1));
        f.push_back(field("date", K::DATE, "", {"datum", "date"}));
        f.back().slot = Slot::DATE;
        f.push_back(facet("regions", "region", "XREGION", {"region"}, Slot::REGION, regions()));
        f.push_back(facet("topics", "topic", "XTOPIC", {"thema", "topic"}, Slot::TOPIC, topics()));
        f.push_back(facet("place_regions", "place_region", "XPLACEREGION", {"ortsregion", "place_region"},
                          Slot::PLACE_REGION, regions()));
        return f;
    }();
    return table;
}

const Field* find_field(std::string_view name) {
    for (const Field& f : fields())
        if (f.name == name) return &f;
    return nullptr;
}

std::string make_term(std::string_view prefix, std::string_view value) {
    constexpr size_t kMaxTerm = 240;
    std::string term(prefix);
    // A prefix followed by a capital letter needs ':' to stay unambiguous.
    if (!prefix.empty() && !value.empty() && value[0] >= 'A' && value[0] <= 'Z') term += ':';
    if (term.size() + value.size() <= kMaxTerm) {
        term += value;
        return term;
    }
    term.append(value.substr(0, kMaxTerm - term.size() - 17));
    term += '#';
    term += hash64_hex(value);
    return term;
}

std::string schema_version() { return "news-schema-1/" + std::string(kAnalyzerVersion); }

}  // namespace news::schema

#include <cstdlib>

namespace news::schema {

std::string default_db_path() {
    const char* env = std::getenv("NEWS_DB");
    return (env && *env) ? env : "var/news.db";
}

}  // namespace news::schema
