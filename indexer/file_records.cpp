#include "indexer/file_records.hpp"

#include "schema/schema.hpp"

#include <nlohmann/json.hpp>

namespace news::indexer {

namespace {

/// The end of the JSON object starting at data[open] ('{'), or npos.
size_t object_end(std::string_view data, size_t open) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = open; i < data.size(); ++i) {
        char c = data[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}' && --depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

bool stamp_from_json(const nlohmann::json& src, FileRecord& rec) {
    if (!src.is_object() || !src.contains("size") || !src.contains("mtime")) return false;
    rec.size = src.value("size", std::uintmax_t{0});
    rec.mtime = src.value("mtime", std::int64_t{0});
    rec.hash = src.value("hash", std::string());
    return true;
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto& v : j[key])
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

}  // namespace

bool parse_source_stamp(std::string_view data, FileRecord& rec) {
    // Inside a JSON string every quote is escaped, so this text is the key.
    constexpr std::string_view kKey = "\"source\":{";
    size_t at = data.find(kKey);
    if (at != std::string_view::npos) {
        size_t open = at + kKey.size() - 1;
        size_t end = object_end(data, open);
        if (end != std::string_view::npos) {
            auto src = nlohmann::json::parse(data.substr(open, end - open), nullptr, false);
            if (!src.is_discarded()) return stamp_from_json(src, rec);
        }
    }
    auto j = nlohmann::json::parse(data, nullptr, false);  // another layout: read it all
    return !j.is_discarded() && j.is_object() && j.contains("source") && stamp_from_json(j["source"], rec);
}

std::unordered_map<std::string, FileRecord> read_file_records(const Xapian::Database& db) {
    std::unordered_map<std::string, FileRecord> out;
    const std::string prefix(schema::kSourcePrefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        FileRecord rec;
        rec.documents = t.get_termfreq();
        if (rec.documents == 0) continue;
        Xapian::docid first = *db.postlist_begin(*t);
        parse_source_stamp(db.get_document(first, Xapian::DOC_ASSUME_VALID).get_data(), rec);
        out.emplace(*t, std::move(rec));
    }
    return out;
}

Article article_from_data(const std::string& data) {
    Article a;
    auto j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return a;
    auto text = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
    a.id = text("id");
    a.url = text("url");
    a.title = text("title");
    a.lead = text("lead");
    a.body = text("body");
    a.author = text("author");
    a.date = text("date");
    a.path = text("path");
    a.regions = strings(j, "regions");
    a.topics = strings(j, "topics");
    return a;
}

}  // namespace news::indexer
