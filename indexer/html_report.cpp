#include "indexer/html_report.hpp"

#include "indexer/html_dom.hpp"
#include "schema/text.hpp"

#include <nlohmann/json.hpp>

namespace news::indexer::html {

namespace {

/// Cut after `max` bytes at a UTF-8 character boundary.
std::string cut_utf8(std::string s, size_t max) {
    if (s.size() <= max) return s;
    size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s.resize(end);
    return s + "…";
}

}  // namespace

void ExtractionReport::drop(const xmlNode* n, std::string why) {
    DroppedBlock b;
    b.element = describe(n);
    b.reason = std::move(why);
    if (n && n->type == XML_ELEMENT_NODE) {
        std::string all = text(n);
        b.chars = all.size();
        b.text = cut_utf8(std::move(all), text_limit);
    }
    // Empty elements (inputs, icons) and comments carry nothing a reader saw.
    if (b.text.empty()) return;
    dropped.push_back(std::move(b));
}

std::string describe(const xmlNode* n) {
    if (!n) return {};
    if (n->type != XML_ELEMENT_NODE) return "#node";
    std::string out(name(n));
    std::string id = attr(n, "id");
    if (!id.empty()) out += "#" + id;
    std::vector<std::string> classes = schema::split(schema::collapse_whitespace(attr(n, "class")), ' ');
    size_t shown = 0;
    for (const std::string& c : classes) {
        if (c.empty()) continue;
        if (++shown > 3) break;
        out += "." + c;
    }
    for (const char* a : {"itemprop", "role"}) {
        std::string v = attr(n, a);
        if (!v.empty()) out += std::string("[") + a + "=" + v + "]";
    }
    return out;
}

nlohmann::json to_json(const ExtractionReport& r) {
    nlohmann::json dropped = nlohmann::json::array();
    for (const DroppedBlock& b : r.dropped)
        dropped.push_back({{"element", b.element}, {"reason", b.reason}, {"text", b.text}, {"chars", b.chars}});
    nlohmann::json out = {{"container", r.container}, {"reason", r.reason}, {"method", r.method},
                          {"page_link_density", r.page_link_density}, {"dropped", dropped}};
    if (!r.failure.empty()) out["failure"] = r.failure;
    return out;
}

}  // namespace news::indexer::html
