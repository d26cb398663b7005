#pragma once
/// The website's search as one transport-independent handler: news-searchd
/// (HTTP) and news-search.cgi (CGI/1.1) both turn their request into a
/// web::Request, call Service::handle, and write the web::Response.
///
/// Routes (GET and HEAD only):
///   /                the German search page
///   /suchtipps       how to search (German help page)
///   /api/search      the JSON of `news-search --format json`
///   /api/suggest     completions for search-as-you-type
///   /opensearch.xml  OpenSearch description
///   /healthz         document count and index build time (503 without index)
///   /static/NAME     the page's embedded CSS and JavaScript
/// Nothing else is served; no route reads a file.
///
/// Errors: a bad parameter or query is 400 (JSON error, or the page with a
/// German message), an unavailable index 503, anything else 500.
///
/// @code
///   news::web::Service service({.db_path = "var/news.db"});
///   news::web::Response r = service.handle({.path = "/api/search", .query = "q=Hafen"});
/// @endcode

#include "web/params.hpp"
#include "web/searcher_pool.hpp"

#include <chrono>
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
};

/// Wildcard words above which a search counts as broad (see broad_searches).
inline constexpr unsigned kBroadWildcardTerms = 100;

struct Request {
    std::string method = "GET";
    std::string path = "/";  ///< decoded, relative to the base ("/", "/api/search")
    std::string query;       ///< raw query string, without '?'
    std::string base;        ///< prefix of the page's links: "" or SCRIPT_NAME
    std::string origin;      ///< "http://host:port" as the client addressed us ("" if unknown)
};

struct Response {
    int status = 200;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  ///< besides Content-Type
};

/// "OK", "Bad Request", … for a status line.
const char* status_text(int status);

class Service {
  public:
    explicit Service(ServiceSettings settings);

    /// Never throws: every failure becomes an error response.
    Response handle(const Request& req);

    /// 503 with Retry-After for a request the server has no time for now
    /// (too many at once): JSON for the API, the German page otherwise.
    Response overloaded(const Request& req) const;

    const ServiceSettings& settings() const { return m_settings; }
    SearcherPool& pool() { return m_pool; }

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

    /// Run `fn(searcher)`; a searcher that fails with IndexUnavailable (its
    /// generation was deleted under it) is dropped and `fn` retried once on
    /// a freshly opened one.
    template <class Fn>
    auto with_searcher(Fn&& fn);

    ServiceSettings m_settings;
    SearcherPool m_pool;
    std::counting_semaphore<256> m_broad;
    std::chrono::steady_clock::time_point m_started;
};

}  // namespace news::web
