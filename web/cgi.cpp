#include "web/cgi.hpp"

#include <algorithm>
#include <cctype>

namespace news::web {

namespace {

bool plain_host(const std::string& host) {
    if (host.empty() || host.size() > 255) return false;
    for (char c : host)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
            return false;
    return true;
}

}  // namespace

CgiEnvironment CgiEnvironment::from(const std::function<const char*(const char*)>& getenv) {
    auto var = [&](const char* name) {
        const char* v = getenv(name);
        return v ? std::string(v) : std::string();
    };
    CgiEnvironment env;
    env.method = var("REQUEST_METHOD");
    if (env.method.empty()) env.method = "GET";
    env.query = var("QUERY_STRING");
    env.path_info = var("PATH_INFO");
    env.script_name = var("SCRIPT_NAME");
    env.host = var("HTTP_HOST");
    if (env.host.empty()) {
        env.host = var("SERVER_NAME");
        std::string port = var("SERVER_PORT");
        if (!env.host.empty() && !port.empty() && port != "80" && port != "443") env.host += ":" + port;
    }
    env.content_type = var("CONTENT_TYPE");
    std::string length = var("CONTENT_LENGTH");
    if (!length.empty() && length.size() < 16 && length.find_first_not_of("0123456789") == std::string::npos)
        env.content_length = static_cast<std::size_t>(std::stoull(length));
    std::string https = var("HTTPS");
    env.https = https == "on" || https == "1";
    return env;
}

Request to_request(const CgiEnvironment& env) {
    Request r;
    r.method = env.method;
    r.path = env.path_info.empty() ? "/" : env.path_info;
    r.query = env.query;
    r.base = env.script_name;
    while (!r.base.empty() && r.base.back() == '/') r.base.pop_back();
    if (plain_host(env.host)) r.origin = (env.https ? "https://" : "http://") + env.host;
    r.body = env.body;
    r.content_type = env.content_type;
    return r;
}

std::string read_body(std::istream& in, std::size_t content_length, std::size_t max) {
    std::string body(std::min(content_length, max + 1), '\0');
    in.read(body.data(), static_cast<std::streamsize>(body.size()));
    body.resize(static_cast<std::size_t>(in.gcount()));
    return body;
}

void write_cgi_response(std::ostream& out, const Response& res, bool head) {
    out << "Status: " << res.status << ' ' << status_text(res.status) << "\r\n";
    out << "Content-Type: " << res.content_type << "\r\n";
    for (const auto& [name, value] : res.headers) out << name << ": " << value << "\r\n";
    out << "Content-Length: " << res.body.size() << "\r\n\r\n";
    if (!head) out << res.body;
    out.flush();
}

int run_cgi(Service& service, const CgiEnvironment& env, std::ostream& out) {
    Response res = service.handle(to_request(env));
    write_cgi_response(out, res, env.method == "HEAD");
    return out ? 0 : 1;
}

}  // namespace news::web
