#pragma once
/// The website's search as one transport-independent handler: news-searchd
/// (HTTP) and news-search.cgi (CGI/1.1) both turn their request into a
/// web::Request, call Service::handle, and write the web::Response.
///
/// Routes (GET and HEAD, but /api/click):
///   /                the German search page
///   /suchtipps       how to search (German help page)
///   /api/search      the JSON of `news-search --format json`
///   /api/suggest     completions for search-as-you-type
///   /opensearch.xml  OpenSearch description
///   /healthz         document count and index build time (503 without index)
///   /static/NAME     the page's embedded CSS and JavaScript
///   /api/click       POST only, statistics on: a click beacon (q, r) → 204
///   /statistik       statistics on, news-searchd only: the editors' page
///                    (loopback without proxy headers, or the password)
/// Nothing else is served; no route reads a file.
///
/// Errors: a bad parameter or query is 400 (JSON error, or the page with a
/// German message), an unavailable index 503, anything else 500.
///
/// @code
///   news::web::Service service({.db_path = "var/news.db"});
///   news::web::Response r = service.handle({.path = "/api/search", .query = "q=Hafen"});
/// @endcode

#include "stats/recorder.hpp"
#include "web/params.hpp"
#include "web/searcher_pool.hpp"

#include <chrono>
#include <memory>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace news::web {

struct ServiceSettings {
    std::string db_path;              ///< stub file or database directory
    Limits limits;
    double time_limit_seconds = 5.0;  ///< per search (Xapian's match time limit); 0 = none
    std::string public_url;           ///< "https://example.org" for OpenSearch; "" = from the request
    std::chrono::milliseconds recheck{2000};  ///< reopen at least this often, besides on a switch
    /// Searches whose wildcards stand for many words (more than
    /// kBroadWildcardTerms) run at most this many at once; another one is
    /// answered 503 at once, so that they cannot crowd out everyone else.
    unsigned broad_searches = 2;
    /// Search statistics (docs/privacy.md); off without a db_path.
    stats::Settings stats;
    /// Argon2id hash of the editors' password for /statistik from other
    /// hosts; "" = /statistik only from the loopback interface.
    std::string stats_password_hash;
    /// Serve /statistik at all (news-searchd: yes; the CGI: no, 404).
    bool statistik_page = true;
    /// news-searchd: flush the statistics once a second from a thread; the
    /// CGI leaves it false and calls flush_stats() after answering.
    bool stats_flusher = false;
};

/// Wildcard words above which a search counts as broad (see broad_searches).
inline constexpr unsigned kBroadWildcardTerms = 100;

struct Request {
    std::string method = "GET";
    std::string path = "/";  ///< decoded, relative to the base ("/", "/api/search")
    std::string query;       ///< raw query string, without '?'
    std::string base;        ///< prefix of the page's links: "" or SCRIPT_NAME
    std::string origin;      ///< "http://host:port" as the client addressed us ("" if unknown)
    std::string body;           ///< POST body (/api/click)
    std::string content_type;   ///< Content-Type of the body
    std::string authorization;  ///< Authorization header (/statistik)
    bool loopback = false;      ///< the peer is 127.0.0.0/8 or ::1
    bool forwarded = false;     ///< Forwarded, X-Forwarded-For or X-Real-IP present: a proxy in between
};

struct Response {
    int status = 200;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  ///< besides Content-Type
};

/// "OK", "Bad Request", … for a status line.
const char* status_text(int status);

class BasicAuth;

class Service {
  public:
    explicit Service(ServiceSettings settings);
    ~Service();

    /// Never throws: every failure becomes an error response.
    Response handle(const Request& req);

    /// 503 with Retry-After for a request the server has no time for now
    /// (too many at once): JSON for the API, the German page otherwise.
    Response overloaded(const Request& req) const;

    const ServiceSettings& settings() const { return m_settings; }
    SearcherPool& pool() { return m_pool; }

    /// Write the counted searches and clicks now (the CGI, after answering);
    /// never throws, a no-op with statistics off.
    void flush_stats();

  private:
    /// Thrown when a broad search finds no free slot (answered by overloaded()).
    struct Busy : std::runtime_error {
        Busy() : std::runtime_error("busy") {}
    };
    /// Holds a broad-search slot for one search (none for a narrow one).
    class Admission {
      public:
        explicit Admission(std::counting_semaphore<256>* slot) : m_slot(slot) {}
        Admission(Admission&& o) noexcept : m_slot(std::exchange(o.m_slot, nullptr)) {}
        Admission(const Admission&) = delete;
        Admission& operator=(const Admission&) = delete;
        ~Admission() {
            if (m_slot) m_slot->release();
        }

      private:
        std::counting_semaphore<256>* m_slot;
    };
    /// Admit a search by its cost; throws Busy, or QueryError for a query too broad to run.
    Admission admit(searcher::Searcher& s, const std::string& query);

    Response page(const Request& req);
    Response api_search(const Request& req);
    Response api_suggest(const Request& req);
    Response opensearch(const Request& req);
    Response healthz();
    Response asset(const std::string& name);
    Response not_found(const Request& req);
    // service_stats.cpp
    void init_stats();
    Response api_click(const Request& req);
    Response statistik(const Request& req);
    void count_search(const SearchParams& params, const searcher::SearchResult& result);

    /// Run `fn(searcher)`; a searcher that fails with IndexUnavailable (its
    /// generation was deleted under it) is dropped and `fn` retried once on
    /// a freshly opened one.
    template <class Fn>
    auto with_searcher(Fn&& fn);

    ServiceSettings m_settings;
    SearcherPool m_pool;
    std::counting_semaphore<256> m_broad;
    std::chrono::steady_clock::time_point m_started;
    std::unique_ptr<stats::Recorder> m_stats;  ///< null: statistics off
    std::unique_ptr<BasicAuth> m_auth;         ///< null: no password configured
};

}  // namespace news::web
