// Invariants of the readers that turn a file's bytes into articles: the
// HTML extractor and the XML (archive, RSS, Atom) reader.

#include "fuzz/checks.hpp"

#include "indexer/dates.hpp"
#include "indexer/html_extractor.hpp"
#include "indexer/xml_reader.hpp"
#include "schema/text.hpp"

#include <nlohmann/json.hpp>

namespace news::fuzz {

namespace {

/// The date is "" or a real date that format_date() gives back unchanged.
bool is_real_date(const std::string& d) {
    if (d.empty()) return true;
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (size_t i = 0; i < d.size(); ++i)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return false;
    return indexer::format_date(std::stoi(d.substr(0, 4)), static_cast<unsigned>(std::stoi(d.substr(5, 2))),
                                static_cast<unsigned>(std::stoi(d.substr(8, 2)))) == d;
}

/// What the indexer and `inspect` do with JSON: dump it (invalid UTF-8
/// replaced, as every dump of the project does) and read it back.
std::string check_json_round_trip(const nlohmann::json& j, const char* what) {
    std::string text;
    try {
        text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } catch (const std::exception& e) {
        return std::string(what) + ": dump threw: " + e.what();
    }
    nlohmann::json back = nlohmann::json::parse(text, nullptr, false);
    if (back.is_discarded()) return std::string(what) + ": dumped JSON does not parse: " + text.substr(0, 200);
    return {};
}

std::string check_article(const indexer::Article& a) {
    const std::pair<const char*, const std::string*> texts[] = {
        {"id", &a.id},       {"url", &a.url},   {"title", &a.title}, {"lead", &a.lead},
        {"body", &a.body},   {"author", &a.author}, {"date", &a.date}, {"path", &a.path}};
    for (const auto& [name, value] : texts) {
        if (!schema::is_valid_utf8(*value)) return std::string("article ") + name + " is not valid UTF-8";
        if (value->find('\0') != std::string::npos) return std::string("article ") + name + " holds a NUL byte";
    }
    const std::pair<const char*, const std::vector<std::string>*> lists[] = {
        {"regions", &a.regions}, {"topics", &a.topics}, {"place_regions", &a.place_regions}};
    for (const auto& [name, values] : lists)
        for (const std::string& v : *values)
            if (!schema::is_valid_utf8(v)) return std::string("article ") + name + " value is not valid UTF-8";
    if (!is_real_date(a.date)) return "article date is not a real YYYY-MM-DD date: '" + a.date + "'";
    // Without invalid UTF-8, the strict dump (which throws on it) must work too.
    try {
        std::string strict = indexer::to_json(a).dump();
        if (nlohmann::json::parse(strict, nullptr, false) != indexer::to_json(a))
            return "article JSON does not read back equal";
    } catch (const std::exception& e) {
        return std::string("article JSON: ") + e.what();
    }
    return {};
}

std::string check_result(const indexer::ReadResult& r) {
    if (r.ok() == r.articles.empty())
        return r.ok() ? "no error and no article" : "an error (" + r.error + ") and articles";
    for (const indexer::Article& a : r.articles)
        if (std::string broken = check_article(a); !broken.empty()) return broken;
    return check_json_round_trip({{"error", r.error}}, "skip reason");
}

}  // namespace

std::string check_html(std::string_view bytes) {
    indexer::html::ExtractionReport report;
    indexer::ReadResult r = indexer::extract_html(bytes, "fuzz/page.html", &report);
    if (std::string broken = check_result(r); !broken.empty()) return "html: " + broken;
    if (r.ok() && r.articles.front().body.empty()) return "html: an article without body text";
    if (r.ok() != report.failure.empty()) return "html: the report's failure disagrees with the result";
    if (std::string broken = check_json_round_trip(indexer::html::to_json(report), "html report"); !broken.empty())
        return "html: " + broken;
    // Feed content (XML text, so valid UTF-8) goes through the same parser
    // as a fragment; only short inputs, as feed items are, to keep runs fast.
    if (bytes.size() <= 4096 && schema::is_valid_utf8(bytes) &&
        !schema::is_valid_utf8(indexer::html_fragment_to_text(bytes)))
        return "html fragment: text of valid UTF-8 is not valid UTF-8";
    return {};
}

std::string check_xml(std::string_view bytes) {
    indexer::ReadResult r = indexer::read_xml(bytes, "fuzz/feed.xml");
    if (std::string broken = check_result(r); !broken.empty()) return "xml: " + broken;
    for (const indexer::Article& a : r.articles)
        if (a.title.empty() && a.body.empty()) return "xml: an article without title and body";
    return {};
}

}  // namespace news::fuzz
