#include "web/http_server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <stdexcept>
#include <thread>

namespace news::web {

namespace {

std::shared_ptr<spdlog::logger> logger() {
    auto l = spdlog::get("web");
    return l ? l : spdlog::default_logger();
}

/// The Host header if it is a plain host[:port], else the local address.
std::string origin_of(const httplib::Request& req) {
    std::string host = req.get_header_value("Host");
    bool plain = !host.empty() && host.size() <= 255;
    for (char c : host)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
            plain = false;
    if (!plain) host = req.local_addr + ":" + std::to_string(req.local_port);
    return "http://" + host;
}

Request to_request(const httplib::Request& req) {
    Request r;
    r.method = req.method;
    const std::string& target = req.target;
    size_t q = target.find('?');
    r.path = percent_decode(target.substr(0, q), false);
    r.query = q == std::string::npos ? std::string() : target.substr(q + 1);
    r.origin = origin_of(req);
    return r;
}

void write_response(const Response& from, httplib::Response& to) {
    to.status = from.status;
    for (const auto& [name, value] : from.headers) to.set_header(name, value);
    to.set_content(from.body, from.content_type.c_str());
}

}  // namespace

std::pair<std::string, int> parse_listen(const std::string& listen) {
    size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
        throw std::invalid_argument("--listen wants HOST:PORT, e.g. 127.0.0.1:8080");
    std::string host = listen.substr(0, colon), port = listen.substr(colon + 1);
    if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535)
        throw std::invalid_argument("--listen: bad port '" + port + "'");
    return {host, std::stoi(port)};
}

struct HttpServer::Impl {
    httplib::Server server;
};

HttpServer::HttpServer(Service& service, unsigned threads) : m_impl(std::make_unique<Impl>()) {
    httplib::Server& s = m_impl->server;
    threads = std::max(1u, threads);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    s.set_keep_alive_max_count(100);
    s.set_keep_alive_timeout(5);
    s.set_read_timeout(10);
    s.set_write_timeout(10);
    s.set_payload_max_length(64 * 1024);
    // Every request goes to the service; httplib's routing and file serving stay unused.
    s.set_pre_routing_handler([&service](const httplib::Request& req, httplib::Response& res) {
        write_response(service.handle(to_request(req)), res);
        return httplib::Server::HandlerResponse::Handled;
    });
    // Errors httplib answers by itself (a request line over its 8 KiB limit,
    // a malformed request) get a JSON body; a target that long can only be
    // an overlong query, so it is the same 400 as any other parameter limit.
    s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = res.status == 414 ? "request too long (query at most 8 KiB)" : "bad request";
        if (res.status == 414) res.status = 400;
        res.set_content("{\"error\":\"" + message + "\",\"status\":" + std::to_string(res.status) + "}\n",
                        "application/json; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
    }));
    s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        logger()->debug("{} {} {} {}", req.remote_addr, req.method, req.path, res.status);
    });
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
    httplib::Server& s = m_impl->server;
    int bound = port == 0 ? s.bind_to_any_port(host) : (s.bind_to_port(host, port) ? port : -1);
    if (bound <= 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
    return bound;
}

bool HttpServer::run() { return m_impl->server.listen_after_bind(); }

void HttpServer::stop() { m_impl->server.stop(); }

bool HttpServer::run_until_signal() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::thread waiter([this, signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig != 0) logger()->info("signal {}: stopping", sig);
        stop();
    });
    bool ok = run();
    if (!ok) pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter
    waiter.join();
    return ok;
}

}  // namespace news::web
