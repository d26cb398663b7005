#include "web/service.hpp"

#include "schema/version.hpp"
#include "searcher/render.hpp"
#include "web/api.hpp"
#include "web/assets.hpp"
#include "web/basic_auth.hpp"
#include "web/faceted_search.hpp"
#include "web/html.hpp"
#include "web/page.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

namespace news::web {

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kPageCsp =
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

std::shared_ptr<spdlog::logger> logger() {
    auto l = spdlog::get("web");
    return l ? l : spdlog::default_logger();
}

Response json_response(int status, const nlohmann::ordered_json& j) {
    Response r;
    r.status = status;
    r.content_type = kJson;
    r.body = searcher::dump_json(j);
    r.body += '\n';
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
}

Response json_error(int status, const std::string& message, const std::string& param = "") {
    return json_response(status, error_json(status, message, param));
}

Response html_response(int status, std::string body) {
    Response r;
    r.status = status;
    r.content_type = kHtml;
    r.body = std::move(body);
    r.headers.emplace_back("Content-Security-Policy", kPageCsp);
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
}

const char* kUnavailableDe =
    "Das Archiv ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten noch einmal.";
const char* kBusyDe =
    "Gerade suchen sehr viele Menschen gleichzeitig im Archiv. Bitte versuchen Sie es gleich noch einmal.";

bool is_api(const Request& req) { return req.path.rfind("/api/", 0) == 0 || req.path == "/healthz"; }

void add_common_headers(Response& res) {
    res.headers.emplace_back("X-Content-Type-Options", "nosniff");
    res.headers.emplace_back("Referrer-Policy", "same-origin");
}

}  // namespace

const char* status_text(int status) {
    switch (status) {
        case 200: return "OK";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 413: return "Payload Too Large";
        case 414: return "URI Too Long";
        case 415: return "Unsupported Media Type";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Unknown";
    }
}

Service::Service(ServiceSettings settings)
    : m_settings(std::move(settings)),
      m_pool(m_settings.db_path, m_settings.recheck, searcher::cluster_options(m_settings.time_limit_seconds)),
      m_broad(std::clamp<std::ptrdiff_t>(m_settings.broad_searches, 1, 256)),
      m_started(std::chrono::steady_clock::now()) {
    init_stats();
}

Service::Admission Service::admit(searcher::Searcher& s, const std::string& query) {
    if (query.find('*') == std::string::npos || s.wildcard_terms(query) <= kBroadWildcardTerms)
        return Admission(nullptr);
    if (!m_broad.try_acquire()) throw Busy();
    return Admission(&m_broad);
}

template <class Fn>
auto Service::with_searcher(Fn&& fn) {
    {
        // Opening may fail too: a replica's xapian-replicate deletes the old
        // copy right after its switch, maybe between reading the stub and
        // opening what it named. Once more, afresh.
        std::optional<SearcherPool::Lease> lease;
        try {
            lease.emplace(m_pool.lease());
            return fn(**lease);
        } catch (const searcher::IndexUnavailable& e) {
            if (lease) lease->discard();
            logger()->info("searcher failed, retrying on a fresh one: {}", e.what());
        }
    }
    SearcherPool::Lease lease = m_pool.fresh_lease();
    return fn(*lease);
}

Response Service::overloaded(const Request& req) const {
    Response res;
    if (is_api(req)) {
        res = json_error(503, "too many searches at once; try again in a moment");
    } else {
        PageContext ctx{req.base, m_settings.limits};
        res = html_response(503, render_page(ctx, PageModel{{}, nullptr, kBusyDe}));
    }
    res.headers.emplace_back("Retry-After", "1");
    add_common_headers(res);
    return res;
}

Response Service::handle(const Request& req) {
    const bool api = is_api(req);
    Response res;
    try {
        if (req.path == "/api/click") {
            res = api_click(req);
        } else if (req.method != "GET" && req.method != "HEAD") {
            res = api ? json_error(405, "method not allowed (GET or HEAD)")
                      : html_response(405, "<!DOCTYPE html><title>405</title><p>Nur GET und HEAD.</p>\n");
            res.status = 405;
            res.headers.emplace_back("Allow", "GET, HEAD");
        } else if (req.path == "/") {
            res = page(req);
        } else if (req.path == "/suchtipps") {
            res = html_response(200, render_help_page(PageContext{req.base, m_settings.limits}));
        } else if (req.path == "/api/search") {
            res = api_search(req);
        } else if (req.path == "/api/suggest") {
            res = api_suggest(req);
        } else if (req.path == "/healthz") {
            res = healthz();
        } else if (req.path == "/opensearch.xml") {
            res = opensearch(req);
        } else if (req.path == "/statistik") {
            res = statistik(req);
        } else if (req.path.rfind("/static/", 0) == 0) {
            res = asset(req.path.substr(8));
        } else {
            res = not_found(req);
        }
    } catch (const Busy&) {
        return overloaded(req);
    } catch (const ParamError& e) {
        res = json_error(400, e.what(), e.param());
    } catch (const searcher::QueryError& e) {
        res = json_error(400, e.what(), e.param());
    } catch (const searcher::IndexUnavailable& e) {
        logger()->error("index unavailable: {}", e.what());
        res = api ? json_error(503, "index unavailable") : html_response(503, "");
        if (!api) {
            PageContext ctx{req.base, m_settings.limits};
            res.body = render_page(ctx, PageModel{{}, nullptr, kUnavailableDe});
        }
        res.headers.emplace_back("Retry-After", "30");
    } catch (const std::exception& e) {
        logger()->error("{} {}: {}", req.method, req.path, e.what());
        res = json_error(500, "internal error");
    }
    add_common_headers(res);
    return res;
}

Response Service::page(const Request& req) {
    PageContext ctx{req.base, m_settings.limits};
    if (m_stats) ctx.click_url = ctx.route_url("api/click");
    PageModel model;
    try {
        model.params = parse_search_params(parse_query_string(req.query), m_settings.limits);
    } catch (const ParamError& e) {
        // Keep the words, when they pass, so the form shows them again.
        QueryParams raw = parse_query_string(req.query);
        if (const std::string* q = param_value(raw, "q")) {
            try {
                check_text("q", *q, m_settings.limits.max_query_bytes);
                model.params.query = *q;
            } catch (const ParamError&) {
            }
        }
        model.error = german_message(e);
        return html_response(400, render_page(ctx, model));
    }
    if (model.params.empty()) return html_response(200, render_page(ctx, model));
    searcher::SearchRequest sreq = model.params.to_request();
    sreq.time_limit_seconds = m_settings.time_limit_seconds;
    try {
        searcher::SearchResult result =
            with_searcher([&](searcher::Searcher& s) {
                Admission admitted = admit(s, sreq.query);
                return search_with_facets(s, sreq);
            });
        model.result = &result;
        count_search(model.params, result);
        return html_response(200, render_page(ctx, model));
    } catch (const searcher::QueryError& e) {
        if (e.reason() == searcher::QueryError::Reason::TOO_BROAD)
            model.error = "Ein Platzhalter (*) steht für zu viele Wörter. Bitte geben Sie vor dem * mehr Buchstaben "
                          "an oder verwenden Sie weniger Platzhalter.";
        else if (e.param() == "like")
            model.error = "Diesen Artikel gibt es im Archiv nicht (mehr).";
        else
            model.error = "Die Suchanfrage konnte nicht verstanden werden. Prüfen Sie Anführungszeichen, Klammern "
                          "und Feldnamen (titel:, region:, thema:, datum:).";
        return html_response(400, render_page(ctx, model));
    }
}

Response Service::api_search(const Request& req) {
    SearchParams params = parse_search_params(parse_query_string(req.query), m_settings.limits);
    if (params.empty())
        throw ParamError("q", Problem::EMPTY_QUERY, "empty query: give q or a filter (region, topic, from, to)");
    searcher::SearchRequest sreq = params.to_request();
    sreq.time_limit_seconds = m_settings.time_limit_seconds;
    searcher::SearchResult result = with_searcher([&](searcher::Searcher& s) {
        Admission admitted = admit(s, sreq.query);
        return search_with_facets(s, sreq);
    });
    return json_response(200, searcher::to_json(result));
}

Response Service::api_suggest(const Request& req) {
    QueryParams params = parse_query_string(req.query);
    const std::string* q = param_value(params, "q");
    std::string query = q ? *q : std::string();
    check_text("q", query, m_settings.limits.max_query_bytes);
    const Limits& l = m_settings.limits;
    unsigned limit = parse_number(params, "limit", l.default_suggestions, 1, l.max_suggestions);
    const std::string* format = param_value(params, "format");
    bool opensearch = format && *format == "opensearch";
    if (format && !opensearch && !format->empty())
        throw ParamError("format", Problem::OUT_OF_RANGE, "unknown format (opensearch or none)");
    std::vector<std::string> completions =
        with_searcher([&](searcher::Searcher& s) { return complete_query(s, query, limit); });
    Response r = json_response(200, suggest_json(query, completions, opensearch));
    if (opensearch) r.content_type = "application/x-suggestions+json; charset=utf-8";
    return r;
}

Response Service::opensearch(const Request& req) {
    const bool configured = !m_settings.public_url.empty();
    std::string origin = configured ? m_settings.public_url : req.origin;
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    Response r;
    r.content_type = "application/opensearchdescription+xml; charset=utf-8";
    r.body = opensearch_xml(origin, req.base);
    if (configured) {
        r.headers.emplace_back("Cache-Control", "public, max-age=86400");
    } else {
        // Built from the client's Host header: a shared cache must neither
        // keep it nor hand one client's version to another.
        r.headers.emplace_back("Cache-Control", "private, no-cache");
        r.headers.emplace_back("Vary", "Host");
    }
    return r;
}

Response Service::healthz() {
    double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    try {
        return json_response(200, with_searcher([&](searcher::Searcher& s) {
            s.check_cluster();  // a cluster's parts that are down are tried: the state is now's
            return health_json(s, uptime);
        }));
    } catch (const searcher::IndexUnavailable& e) {
        logger()->warn("health check: {}", e.what());
        nlohmann::ordered_json j;
        j["status"] = "unavailable";
        j["error"] = "index unavailable";
        j["version"] = schema::version();
        return json_response(503, j);
    }
}

Response Service::asset(const std::string& name) {
    std::string_view content, type;
    if (!assets::find(name, content, type)) return json_error(404, "not found");
    Response r;
    r.content_type = std::string(type);
    r.body = std::string(content);
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
}

Response Service::not_found(const Request& req) {
    if (req.path.rfind("/api/", 0) == 0) return json_error(404, "not found");
    PageContext ctx{req.base, m_settings.limits};
    std::string body = "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>Seite nicht gefunden – Nachrichtenarchiv</title>\n"
                       "<link rel=\"stylesheet\" href=\"" + html(ctx.route_url("static/site.css")) + "\">\n"
                       "</head>\n<body>\n<main id=\"inhalt\">\n<h1>Seite nicht gefunden</h1>\n"
                       "<p>Diese Adresse gibt es hier nicht. <a href=\"" + html(ctx.page_url()) +
                       "\">Zur Suche im Nachrichtenarchiv</a></p>\n</main>\n</body>\n</html>\n";
    return html_response(404, body);
}

}  // namespace news::web
