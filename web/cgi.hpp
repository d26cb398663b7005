#pragma once
/// news-search.cgi's side: a CGI/1.1 request (RFC 3875) from the
/// environment, answered by a Service on standard output.

#include "web/service.hpp"

#include <cstddef>
#include <functional>
#include <istream>
#include <ostream>
#include <string>

namespace news::web {

/// The CGI meta-variables the service uses.
struct CgiEnvironment {
    std::string method = "GET";  ///< REQUEST_METHOD
    std::string query;           ///< QUERY_STRING
    std::string path_info;       ///< PATH_INFO ("" or "/api/search", …)
    std::string script_name;     ///< SCRIPT_NAME: the base of the page's links
    std::string host;            ///< HTTP_HOST, else SERVER_NAME[:SERVER_PORT]
    bool https = false;          ///< HTTPS=on
    std::string content_type;    ///< CONTENT_TYPE (a POST body's)
    std::size_t content_length = 0;  ///< CONTENT_LENGTH
    std::string body;            ///< the POST body, read by read_body()

    /// Read the variables through `getenv` (std::getenv in the program).
    static CgiEnvironment from(const std::function<const char*(const char*)>& getenv);
};

/// At most `max` bytes of the request body from `in` (standard input): one
/// more than `max` tells the service it was too large.
std::string read_body(std::istream& in, std::size_t content_length, std::size_t max = 64 * 1024);

/// The service's request for a CGI environment.
Request to_request(const CgiEnvironment& env);

/// "Status:", "Content-Type:", the other headers, a blank line, the body
/// (no body for HEAD).
void write_cgi_response(std::ostream& out, const Response& res, bool head);

/// Handle one CGI request; returns the process exit code (0 once answered).
int run_cgi(Service& service, const CgiEnvironment& env, std::ostream& out);

}  // namespace news::web
