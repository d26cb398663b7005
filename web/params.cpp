#include "web/params.hpp"

#include "schema/text.hpp"
#include "searcher/query_builder.hpp"

#include <algorithm>

namespace news::web {

namespace {

const char* german_name(const std::string& param) {
    if (param == "q") return "Suchbegriffe";
    if (param == "region") return "Region";
    if (param == "topic") return "Thema";
    if (param == "from") return "Datum „von“";
    if (param == "to") return "Datum „bis“";
    if (param == "sort") return "Sortierung";
    if (param == "page") return "Seite";
    if (param == "size") return "Treffer pro Seite";
    if (param == "limit") return "Anzahl der Vorschläge";
    if (param == "recency") return "Aktualität";
    if (param == "correct") return "Korrektur";
    return "Angabe";
}

std::vector<std::string> distinct_values(const QueryParams& params, const std::string& name, const Limits& limits) {
    std::vector<std::string> out;
    for (const std::string& raw : param_values(params, name)) {
        check_text(name, raw, limits.max_value_bytes);
        std::string v = schema::trim(raw);
        if (v.empty() || std::find(out.begin(), out.end(), v) != out.end()) continue;
        out.push_back(std::move(v));
    }
    if (out.size() > limits.max_filter_values)
        throw ParamError(name, Problem::TOO_MANY_VALUES,
                         "too many '" + name + "' values (" + std::to_string(out.size()) + ", at most " +
                             std::to_string(limits.max_filter_values) + ")");
    return out;
}

/// "21.11.2024" or "1.2.2024" (as a German reader types a date) → "2024-11-21";
/// anything else unchanged.
std::string iso_from_german(const std::string& s) {
    const size_t d1 = s.find('.'), d2 = d1 == std::string::npos ? d1 : s.find('.', d1 + 1);
    if (d2 == std::string::npos || d1 < 1 || d1 > 2 || d2 - d1 - 1 < 1 || d2 - d1 - 1 > 2 || s.size() - d2 - 1 != 4)
        return s;
    if (!std::all_of(s.begin(), s.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); })) return s;
    auto two = [](const std::string& n) { return n.size() == 1 ? "0" + n : n; };
    return s.substr(d2 + 1) + "-" + two(s.substr(d1 + 1, d2 - d1 - 1)) + "-" + two(s.substr(0, d1));
}

std::string checked_date(const QueryParams& params, const std::string& name) {
    const std::string* v = param_value(params, name);
    if (!v) return {};
    std::string date = iso_from_german(schema::trim(*v));
    if (date.empty()) return {};
    try {
        searcher::date_value(date, name.c_str());
    } catch (const searcher::QueryError&) {
        throw ParamError(name, Problem::BAD_DATE, "'" + name + "' must be a date YYYY-MM-DD (or DD.MM.YYYY)");
    }
    return date;
}

std::string canonical_sort(const QueryParams& params) {
    const std::string* v = param_value(params, "sort");
    std::string s = v ? schema::trim(*v) : std::string();
    if (s.empty() || s == "relevance") return "relevance";
    if (s == "date" || s == "date-desc") return "date";
    if (s == "date-asc") return "date-asc";
    throw ParamError("sort", Problem::BAD_SORT, "unknown sort (relevance, date or date-asc)");
}

}  // namespace

std::string german_message(const ParamError& e) {
    std::string name = german_name(e.param());
    switch (e.problem()) {
        case Problem::TOO_LONG: return "Die Angabe „" + name + "“ ist zu lang. Bitte kürzen Sie sie.";
        case Problem::NOT_UTF8: return "Die Angabe „" + name + "“ enthält ungültige Zeichen.";
        case Problem::BAD_NUMBER: return "„" + name + "“ muss eine ganze Zahl sein.";
        case Problem::OUT_OF_RANGE: return "Der Wert für „" + name + "“ liegt außerhalb des erlaubten Bereichs.";
        case Problem::BAD_DATE: return "„" + name + "“ ist kein gültiges Datum (Format JJJJ-MM-TT, z. B. 2024-11-21).";
        case Problem::DATE_ORDER: return "Das Datum „von“ liegt nach dem Datum „bis“.";
        case Problem::BAD_SORT: return "Diese Sortierung gibt es nicht (Relevanz, neueste oder älteste zuerst).";
        case Problem::TOO_MANY_VALUES: return "Zu viele Filter für „" + name + "“.";
        case Problem::EMPTY_QUERY: return "Bitte geben Sie einen Suchbegriff ein.";
    }
    return "Ungültige Angabe.";
}

void check_text(const std::string& name, const std::string& value, size_t max_bytes) {
    if (value.size() > max_bytes)
        throw ParamError(name, Problem::TOO_LONG,
                         "'" + name + "' too long (" + std::to_string(value.size()) + " bytes, at most " +
                             std::to_string(max_bytes) + ")");
    if (!schema::is_valid_utf8(value)) throw ParamError(name, Problem::NOT_UTF8, "'" + name + "' is not UTF-8");
}

unsigned parse_number(const QueryParams& params, const std::string& name, unsigned fallback, unsigned min,
                      unsigned max) {
    const std::string* v = param_value(params, name);
    if (!v || v->empty()) return fallback;
    if (v->size() > 9 || !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw ParamError(name, Problem::BAD_NUMBER, "'" + name + "' must be a whole number");
    unsigned n = static_cast<unsigned>(std::stoul(*v));
    if (n < min || n > max)
        throw ParamError(name, Problem::OUT_OF_RANGE,
                         "'" + name + "' out of range (" + std::to_string(min) + " to " + std::to_string(max) + ")");
    return n;
}

SearchParams parse_search_params(const QueryParams& params, const Limits& limits) {
    SearchParams p;
    if (const std::string* q = param_value(params, "q")) {
        check_text("q", *q, limits.max_query_bytes);
        p.query = schema::trim(*q);
    }
    if (const std::string* like = param_value(params, "like")) {
        check_text("like", *like, limits.max_query_bytes);
        p.like = schema::trim(*like);
    }
    p.regions = distinct_values(params, "region", limits);
    p.topics = distinct_values(params, "topic", limits);
    p.from = checked_date(params, "from");
    p.to = checked_date(params, "to");
    if (!p.from.empty() && !p.to.empty() && p.from > p.to)
        throw ParamError("from", Problem::DATE_ORDER, "'from' is after 'to'");
    p.sort = canonical_sort(params);
    p.size = parse_number(params, "size", limits.default_page_size, 1, limits.max_page_size);
    p.page = parse_number(params, "page", 1, 1, limits.max_page);
    p.recency = parse_number(params, "recency", 1, 0, 1) == 1;
    p.correct = parse_number(params, "correct", 1, 0, 1) == 1;
    if (static_cast<unsigned long>(p.page) * p.size > limits.max_depth)
        throw ParamError("page", Problem::OUT_OF_RANGE,
                         "'page' too deep (page × size at most " + std::to_string(limits.max_depth) + ")");
    return p;
}

QueryParams SearchParams::to_params(unsigned default_size) const {
    QueryParams out;
    if (!query.empty()) out.emplace_back("q", query);
    if (!like.empty()) out.emplace_back("like", like);
    for (const std::string& r : regions) out.emplace_back("region", r);
    for (const std::string& t : topics) out.emplace_back("topic", t);
    if (!from.empty()) out.emplace_back("from", from);
    if (!to.empty()) out.emplace_back("to", to);
    if (sort != "relevance") out.emplace_back("sort", sort);
    if (size != default_size) out.emplace_back("size", std::to_string(size));
    if (!recency) out.emplace_back("recency", "0");
    if (!correct) out.emplace_back("correct", "0");
    if (page != 1) out.emplace_back("page", std::to_string(page));
    return out;
}

searcher::SearchRequest SearchParams::to_request() const {
    searcher::SearchRequest req;
    req.query = query;
    req.regions = regions;
    req.topics = topics;
    req.from = from;
    req.to = to;
    req.sort = searcher::parse_sort(sort);
    req.offset = (page - 1) * size;
    req.limit = size;
    req.facets = true;
    req.snippets = true;
    req.spelling = true;
    req.correct = correct;
    req.recency = recency;  // the website's ranking: fresh articles first among similar ones
    req.like = like;
    return req;
}

}  // namespace news::web
