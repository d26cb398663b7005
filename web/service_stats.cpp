// The statistics side of the Service: counting page-1 searches, the click
// beacon (/api/click) and the editors' page (/statistik).
#include "web/service.hpp"

#include "stats/zero_hits.hpp"
#include "web/api.hpp"
#include "web/basic_auth.hpp"
#include "web/page.hpp"
#include "web/statistik_page.hpp"

#include "searcher/render.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace news::web {

namespace {

/// A beacon carries a query (at most Limits::max_query_bytes) and a rank.
constexpr size_t kMaxClickBody = 1024;
constexpr unsigned kStatistikRows = 20;
constexpr const char* kStatistikCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

Response json_status(int status, const std::string& message) {
    Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = searcher::dump_json(error_json(status, message, "")) + "\n";
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

Response statistik_html(int status, std::string body) {
    Response r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(body);
    r.headers.emplace_back("Content-Security-Policy", kStatistikCsp);
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("X-Robots-Tag", "noindex");
    return r;
}

std::string simple_page(const char* title, const char* text) {
    return std::string("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<title>") + title +
           "</title>\n</head>\n<body>\n<h1>" + title + "</h1>\n<p>" + text + "</p>\n</body>\n</html>\n";
}

/// "application/x-www-form-urlencoded;charset=UTF-8" → "application/x-www-form-urlencoded".
std::string media_type(const std::string& content_type) {
    std::string t = content_type.substr(0, content_type.find(';'));
    while (!t.empty() && t.back() == ' ') t.pop_back();
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
}

}  // namespace

Service::~Service() = default;

void Service::init_stats() {
    if (!m_settings.stats.enabled()) return;
    m_stats = std::make_unique<stats::Recorder>(m_settings.stats.store());
    if (m_settings.stats_flusher) m_stats->start_flushing();
    if (!m_settings.stats_password_hash.empty()) m_auth = std::make_unique<BasicAuth>(m_settings.stats_password_hash);
}

void Service::flush_stats() {
    if (m_stats) m_stats->flush();
}

void Service::count_search(const SearchParams& params, const searcher::SearchResult& result) {
    // Only what a reader typed, once: page 1, not "more like this", not the
    // API (search-as-you-type and scripts), not pagination.
    if (!m_stats || params.page != 1 || !params.like.empty() || params.query.empty()) return;
    m_stats->count_search(params.query, result.total > 0);
}

Response Service::api_click(const Request& req) {
    if (!m_stats) return json_status(404, "not found");
    if (req.method != "POST") {
        Response r = json_status(405, "method not allowed (POST)");
        r.headers.emplace_back("Allow", "POST");
        return r;
    }
    if (req.body.size() > kMaxClickBody) return json_status(413, "request body too large");
    const std::string type = media_type(req.content_type);
    // sendBeacon sends URLSearchParams as a form, a string as text/plain.
    if (type != "application/x-www-form-urlencoded" && type != "text/plain")
        return json_status(415, "unsupported media type (application/x-www-form-urlencoded)");
    QueryParams params = parse_query_string(req.body);
    const std::string* q = param_value(params, "q");
    const std::string* r = param_value(params, "r");
    if (!q || q->empty() || !r) return json_status(400, "q and r are required");
    check_text("q", *q, m_settings.limits.max_query_bytes);  // ParamError: 400
    unsigned rank = parse_number(params, "r", 0, 1, stats::kMaxRank);
    m_stats->count_click(*q, rank);
    Response res;
    res.status = 204;
    res.headers.emplace_back("Cache-Control", "no-store");
    return res;
}

Response Service::statistik(const Request& req) {
    if (!m_stats || !m_settings.statistik_page) return not_found(req);
    // From this machine directly, or with the editors' password.
    if (!req.loopback || req.forwarded) {
        if (!m_auth)
            return statistik_html(403, simple_page("Kein Zugriff", "Die Suchstatistik ist nur auf dem Server selbst "
                                                                  "erreichbar (localhost)."));
        switch (m_auth->check(req.authorization)) {
            case BasicAuth::Result::OK: break;
            case BasicAuth::Result::BUSY: {
                Response r = statistik_html(503, simple_page("Bitte warten", "Bitte gleich noch einmal versuchen."));
                r.headers.emplace_back("Retry-After", "1");
                return r;
            }
            case BasicAuth::Result::DENIED: {
                Response r = statistik_html(401, simple_page("Anmeldung nötig", "Die Suchstatistik ist für die "
                                                                              "Redaktion: bitte mit dem Passwort anmelden."));
                r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Suchstatistik\", charset=\"UTF-8\"");
                return r;
            }
        }
    }
    PageContext ctx{req.base, m_settings.limits};
    QueryParams params = parse_query_string(req.query);
    const std::string* von = param_value(params, "von");
    const std::string* bis = param_value(params, "bis");
    std::string to = bis && !bis->empty() ? *bis : stats::today();
    std::string from = von && !von->empty() ? *von : (stats::is_day(to) ? stats::add_days(to, -29) : "");
    stats::Report report;
    report.from = stats::is_day(from) ? from : "";
    report.to = stats::is_day(to) ? to : "";
    if (!stats::is_day(from) || !stats::is_day(to) || from > to)
        return statistik_html(400, render_statistik(ctx, report, "Bitte einen Zeitraum als Tage (JJJJ-MM-TT) angeben, "
                                                                 "„von“ vor „bis“."));
    if (stats::add_days(from, 366) < to)
        return statistik_html(400, render_statistik(ctx, report, "Bitte höchstens ein Jahr auf einmal."));
    if (!std::filesystem::exists(m_settings.stats.db_path))
        return statistik_html(200, render_statistik(ctx, report, "Noch keine Suchen gezählt."));
    m_stats->flush();  // the last second's searches too
    try {
        stats::Store store({m_settings.stats.db_path}, stats::Store::Mode::READ);
        report = stats::make_report(store, from, to, kStatistikRows);
    } catch (const stats::StoreError& e) {
        spdlog::warn("/statistik: {}", e.what());
        return statistik_html(503, render_statistik(ctx, report, "Die Statistik ist gerade nicht lesbar."));
    }
    try {
        SearcherPool::Lease lease = m_pool.lease();
        stats::add_zero_hit_help(report, *lease);
    } catch (const std::exception&) {
        report.zero_hit_help.clear();  // without the index: the tables alone
    }
    return statistik_html(200, render_statistik(ctx, report));
}

}  // namespace news::web
