// Invariants of the web's URL decoding and request parameters (web/url.hpp,
// web/params.hpp).

#include "fuzz/checks.hpp"

#include "schema/text.hpp"
#include "web/params.hpp"

namespace news::fuzz {

namespace {

bool same(const web::SearchParams& a, const web::SearchParams& b) {
    return a.query == b.query && a.regions == b.regions && a.topics == b.topics && a.from == b.from &&
           a.to == b.to && a.sort == b.sort && a.page == b.page && a.size == b.size && a.recency == b.recency &&
           a.like == b.like;
}

}  // namespace

std::string check_params(std::string_view bytes) {
    if (web::percent_decode(web::percent_encode(bytes), true) != bytes)
        return "params: percent_decode(percent_encode(s)) != s";
    if (web::percent_decode(web::percent_encode(bytes), false) != bytes)
        return "params: percent_decode(percent_encode(s), no plus) != s";

    const web::QueryParams pairs = web::parse_query_string(bytes);
    if (web::parse_query_string(web::build_query_string(pairs)) != pairs)
        return "params: parse_query_string(build_query_string(p)) != p";

    const web::Limits limits;
    web::SearchParams p;
    try {
        p = web::parse_search_params(pairs, limits);
    } catch (const web::ParamError& e) {
        std::string german = web::german_message(e);
        if (german.empty() || !schema::is_valid_utf8(german)) return "params: no German message for a ParamError";
        return {};
    } catch (const std::exception& e) {
        return std::string("params: parse_search_params threw something else than ParamError: ") + e.what();
    }
    // What the service echoes into the page and its links is valid UTF-8.
    for (const std::string* s : {&p.query, &p.like, &p.from, &p.to, &p.sort})
        if (!schema::is_valid_utf8(*s)) return "params: an accepted value is not valid UTF-8";
    for (const auto* list : {&p.regions, &p.topics})
        for (const std::string& v : *list)
            if (!schema::is_valid_utf8(v) || v.empty()) return "params: an accepted filter is empty or not UTF-8";
    if (p.size < 1 || p.size > limits.max_page_size || p.page < 1 || p.page > limits.max_page ||
        static_cast<unsigned long>(p.page) * p.size > limits.max_depth)
        return "params: page or size out of the limits";

    // The canonical form reproduces the same search.
    const std::string canonical = web::build_query_string(p.to_params(limits.default_page_size));
    try {
        web::SearchParams again = web::parse_search_params(web::parse_query_string(canonical), limits);
        if (!same(p, again)) return "params: the canonical query string '" + canonical + "' gives another search";
    } catch (const std::exception& e) {
        return "params: the canonical query string '" + canonical + "' is refused: " + e.what();
    }
    try {
        searcher::SearchRequest req = p.to_request();
        if (req.limit != p.size || req.offset != (p.page - 1) * p.size) return "params: request offset/limit wrong";
    } catch (const std::exception& e) {
        return std::string("params: to_request threw: ") + e.what();
    }
    return {};
}

}  // namespace news::fuzz
