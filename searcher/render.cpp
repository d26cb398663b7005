#include "searcher/render.hpp"

#include "searcher/timeline.hpp"

#include <regex>

namespace news::searcher {

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string csv_field(const std::string& text) {
    // OWASP's rule against CSV injection: a cell a spreadsheet would read as
    // a formula (=, +, -, @, or a tab or CR before one) starts with a quote.
    const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
    const std::string s = formula ? "'" + text : text;
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

/// <mark>…</mark> as terminal bold, HTML entities back to text.
std::string snippet_for_terminal(const std::string& html) {
    std::string s = std::regex_replace(html, std::regex("<mark>"), "\x1b[1m");
    s = std::regex_replace(s, std::regex("</mark>"), "\x1b[0m");
    for (auto [from, to] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}})
        s = std::regex_replace(s, std::regex(from), to);
    return s;
}

}  // namespace

nlohmann::ordered_json to_json(const SearchResult& r) {
    nlohmann::ordered_json j;
    j["total"] = r.total;
    j["total_exact"] = r.total_exact;
    j["offset"] = r.offset;
    j["limit"] = r.limit;
    j["took_ms"] = r.took_ms;
    j["query"] = r.query;
    j["suggestion"] = r.suggestion.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.suggestion);
    j["query_ran"] = r.query_ran.empty() ? r.query : r.query_ran;
    j["corrected_from"] =
        r.corrected_from.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.corrected_from);
    // A cluster's answer without some of its parts: which ones, by their
    // place in the cluster file (not their addresses: this goes public).
    j["partial"] = r.partial;
    if (r.partial) j["failed_shards"] = r.failed_shards;
    j["hits"] = nlohmann::ordered_json::array();
    for (const Hit& h : r.hits) {
        j["hits"].push_back({{"rank", h.rank},     {"id", h.id},         {"url", h.url},
                             {"title", h.title},   {"date", h.date},     {"regions", h.regions},
                             {"topics", h.topics}, {"score", h.score},   {"percent", h.percent},
                             {"snippet", h.snippet}, {"path", h.path}, {"similar", h.similar}});
        if (!h.explain.empty()) {
            auto& e = j["hits"].back()["explain"] = nlohmann::ordered_json::array();
            for (const auto& [what, weight] : h.explain) e.push_back({{"what", what}, {"weight", weight}});
        }
    }
    j["facets"] = nlohmann::ordered_json::object();
    for (const auto& [name, values] : r.facets) {
        auto& arr = j["facets"][name] = nlohmann::ordered_json::array();
        for (const FacetValue& v : values) arr.push_back({{"value", v.value}, {"count", v.count}});
    }
    if (auto months = r.facets.find("month"); months != r.facets.end()) {
        const Timeline t = make_timeline(months->second);
        auto& bars = (j["timeline"] = {{"unit", t.unit}, {"bars", nlohmann::ordered_json::array()}})["bars"];
        for (const TimelineBar& b : t.bars)
            bars.push_back({{"period", b.period}, {"from", b.from}, {"to", b.to}, {"count", b.count}});
    }
    return j;
}

std::string dump_json(const nlohmann::ordered_json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void write_text(std::ostream& out, const SearchResult& r) {
    out << (r.total_exact ? "" : "about ") << r.total << " article" << (r.total == 1 ? "" : "s") << " found";
    if (!r.suggestion.empty()) out << " — did you mean: " << r.suggestion;
    if (!r.corrected_from.empty())
        out << " for \"" << r.query_ran << "\" — nothing found for \"" << r.corrected_from
            << "\" (search it anyway: --no-correct)";
    out << "\n";
    for (const std::string& part : r.failed_parts)
        out << "partial: without " << part << " (of " << r.shards << " parts), it did not answer\n";
    out << "\n";
    for (const Hit& h : r.hits) {
        out << h.rank << ". " << h.title << "\n   " << (h.date.empty() ? "(no date)" : h.date);
        if (!h.regions.empty()) out << " · " << join(h.regions, ", ");
        if (!h.topics.empty()) out << " · " << join(h.topics, ", ");
        out << "\n   " << (h.url.empty() ? h.path : h.url) << "\n";
        if (h.similar > 0) out << "   (+" << h.similar << " near-duplicate" << (h.similar == 1 ? "" : "s") << ")\n";
        for (const auto& [what, weight] : h.explain) out << "   " << weight << "  " << what << "\n";
        if (!h.snippet.empty()) out << "   " << snippet_for_terminal(h.snippet) << "\n";
        out << "\n";
    }
    for (const auto& [name, values] : r.facets) {
        if (values.empty() || name == "month") continue;  // the timeline's counts: in JSON only
        out << name << ":";
        for (const FacetValue& v : values) out << "  " << v.value << " (" << v.count << ")";
        out << "\n";
    }
}

void write_csv_header(std::ostream& out) { out << "rank,id,date,title,regions,topics,url,path,score\n"; }

void write_csv_row(std::ostream& out, const Hit& h) {
    out << h.rank << ',' << csv_field(h.id) << ',' << h.date << ',' << csv_field(h.title) << ','
        << csv_field(join(h.regions, "; ")) << ',' << csv_field(join(h.topics, "; ")) << ',' << csv_field(h.url)
        << ',' << csv_field(h.path) << ',' << h.score << "\n";
}

}  // namespace news::searcher
