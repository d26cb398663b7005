// Invariants of a search: query string plus filters through the query
// builder, the searcher and the JSON renderer, on a small index of corpus/.

#include "fuzz/checks.hpp"

#include "indexer/indexer.hpp"
#include "schema/text.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"
#include "web/faceted_search.hpp"

#include <algorithm>
#include <charconv>

namespace news::fuzz {

namespace {

unsigned number(std::string_view s, unsigned max) {
    unsigned v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return std::min(v, max);
}

/// The request of a fuzz input: the query on the first line, then `name=value` lines.
searcher::SearchRequest parse_request(std::string_view bytes) {
    searcher::SearchRequest req;
    size_t eol = bytes.find('\n');
    req.query = std::string(bytes.substr(0, eol));
    while (eol != std::string_view::npos) {
        bytes.remove_prefix(eol + 1);
        eol = bytes.find('\n');
        std::string_view line = bytes.substr(0, eol);
        size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view name = line.substr(0, eq), value = line.substr(eq + 1);
        if (name == "region") req.regions.emplace_back(value);
        else if (name == "topic") req.topics.emplace_back(value);
        else if (name == "from") req.from = value;
        else if (name == "to") req.to = value;
        else if (name == "like") req.like = value;
        else if (name == "sort") req.sort = value == "date" ? searcher::SortOrder::DATE_DESC
                                           : value == "date-asc" ? searcher::SortOrder::DATE_ASC
                                                                 : searcher::SortOrder::RELEVANCE;
        else if (name == "offset") req.offset = number(value, 100000);  // the CLI's bounds
        else if (name == "limit") req.limit = std::max(1u, number(value, 1000));
        else if (name == "facets") req.facets = value != "0";
        else if (name == "snippets") req.snippets = value != "0";
        else if (name == "collapse") req.collapse = value != "0";
        else if (name == "recency") req.recency = value != "0";
        else if (name == "explain") req.explain = value != "0";
    }
    return req;
}

}  // namespace

QueryChecker::QueryChecker(const std::filesystem::path& corpus, const std::filesystem::path& dir) : m_dir(dir) {
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    indexer::BuildOptions opt;
    opt.sources = {corpus};
    opt.db = m_dir / "news.db";
    opt.threads = 1;
    indexer::build(opt, {});
    m_searcher = std::make_unique<searcher::Searcher>(opt.db.string());
}

QueryChecker::~QueryChecker() {
    m_searcher.reset();
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
}

std::string QueryChecker::check(std::string_view bytes) {
    const searcher::SearchRequest req = parse_request(bytes);
    searcher::SearchResult r;
    try {
        r = web::search_with_facets(*m_searcher, req);
    } catch (const searcher::QueryError& e) {
        if (std::string(e.what()).empty()) return "query: a QueryError without a message";
        return {};
    } catch (const std::exception& e) {
        return std::string("query: search threw something else than QueryError: ") + e.what();
    } catch (...) {
        return "query: search threw something that is not a std::exception (a Xapian::Error?)";
    }
    if (r.hits.size() > req.limit) return "query: more hits than the limit";
    if (r.total_exact && r.total < r.hits.size() + req.offset && !r.hits.empty())
        return "query: an exact total below the hits shown";
    for (const searcher::Hit& h : r.hits)
        if (!schema::is_valid_utf8(h.snippet) || !schema::is_valid_utf8(h.title))
            return "query: a hit's snippet or title is not valid UTF-8";
    if (!schema::is_valid_utf8(req.query)) r.query.clear();  // dump_json replaces it; nothing to compare
    std::string text;
    try {
        text = searcher::dump_json(searcher::to_json(r));
    } catch (const std::exception& e) {
        return std::string("query: dump_json threw: ") + e.what();
    }
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return "query: the JSON output does not parse: " + text.substr(0, 200);
    if (!j["hits"].is_array() || j["hits"].size() != r.hits.size()) return "query: the JSON has other hits";
    if (j["query"] != r.query) return "query: the JSON's query is not the request's";
    try {
        for (const std::string& s : m_searcher->suggest(req.query, 8))
            if (s.rfind(schema::to_lower(schema::trim(req.query)), 0) != 0)
                return "query: a completion does not start with the prefix";
    } catch (const std::exception& e) {
        return std::string("query: suggest threw: ") + e.what();
    }
    return {};
}

}  // namespace news::fuzz
