#include "web/api.hpp"

#include "schema/text.hpp"
#include "schema/version.hpp"
#include "web/assets.hpp"
#include "web/html.hpp"

#include <xapian.h>

namespace news::web {

namespace {

bool starts_upper(const std::string& word) {
    Xapian::Utf8Iterator it(word);
    return it != Xapian::Utf8Iterator() && Xapian::Unicode::get_category(*it) == Xapian::Unicode::UPPERCASE_LETTER;
}

std::string capitalised(const std::string& word) {
    Xapian::Utf8Iterator it(word);
    if (it == Xapian::Utf8Iterator()) return word;
    std::string out;
    schema::append_utf8(out, Xapian::Unicode::toupper(*it));
    ++it;
    if (it != Xapian::Utf8Iterator()) out.append(it.raw(), it.left());
    return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

nlohmann::ordered_json error_json(int status, const std::string& message, const std::string& param) {
    nlohmann::ordered_json j;
    j["error"] = message;
    j["status"] = status;
    if (!param.empty()) j["parameter"] = param;
    return j;
}

std::vector<std::string> complete_query(searcher::Searcher& searcher, const std::string& query, unsigned limit,
                                        size_t min_chars) {
    if (query.empty() || query.back() == ' ') return {};
    size_t cut = query.find_last_of(" \t\"(+-");
    std::string head = cut == std::string::npos ? std::string() : query.substr(0, cut + 1);
    std::string word = cut == std::string::npos ? query : query.substr(cut + 1);
    if (utf8_length(word) < min_chars || word.find(':') != std::string::npos) return {};
    const bool upper = starts_upper(word);
    std::vector<std::string> out;
    for (const std::string& w : searcher.suggest(word, limit)) out.push_back(head + (upper ? capitalised(w) : w));
    return out;
}

nlohmann::ordered_json suggest_json(const std::string& query, const std::vector<std::string>& completions,
                                    bool opensearch) {
    if (opensearch) return nlohmann::ordered_json::array({query, completions});
    nlohmann::ordered_json j;
    j["query"] = query;
    j["suggestions"] = completions;
    return j;
}

nlohmann::ordered_json health_json(const searcher::Searcher& searcher, double uptime_s) {
    nlohmann::ordered_json j;
    j["status"] = "ok";
    j["documents"] = searcher.doccount();
    j["built_at"] = searcher.built_at();
    j["uptime_s"] = static_cast<std::int64_t>(uptime_s);
    j["version"] = schema::version();
    if (searcher.is_cluster()) {
        // Partial answers are still answers: "degraded", not unavailable.
        const std::vector<unsigned> down = searcher.cluster_down();
        j["status"] = down.empty() ? "ok" : "degraded";
        j["shards"] = searcher.cluster_parts();
        j["failed_shards"] = down;
    }
    return j;
}

std::string opensearch_xml(const std::string& origin, const std::string& base) {
    std::string xml(assets::opensearch_xml());
    replace_all(xml, "{origin}", html(origin));
    replace_all(xml, "{page}", html(base.empty() ? "/" : base));
    replace_all(xml, "{base}", html(base));
    return xml;
}

}  // namespace news::web
