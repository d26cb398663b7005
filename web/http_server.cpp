#include "web/http_server.hpp"

#include "web/memory.hpp"
#include "web/url.hpp"
#include "web/worker_pool.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <list>
#include <optional>
#include <stdexcept>
#include <unordered_set>

namespace news::web {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::shared_ptr<spdlog::logger> logger() {
    auto l = spdlog::get("web");
    return l ? l : spdlog::default_logger();
}

std::string to_string(beast::string_view s) { return std::string(s.data(), s.size()); }

/// The Host header if it is a plain host[:port], else the local address.
std::string origin_of(const http::request<http::string_body>& req, const tcp::endpoint& local) {
    std::string host = to_string(req[http::field::host]);
    bool plain = !host.empty() && host.size() <= 255;
    for (char c : host)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
            plain = false;
    if (!plain) {
        const std::string addr = local.address().to_string();
        host = (local.address().is_v6() ? "[" + addr + "]" : addr) + ":" + std::to_string(local.port());
    }
    return "http://" + host;
}

Request to_request(const http::request<http::string_body>& req, const tcp::endpoint& local,
                   const tcp::endpoint& remote) {
    Request r;
    r.method = to_string(req.method_string());
    const std::string target = to_string(req.target());
    size_t q = target.find('?');
    r.path = percent_decode(target.substr(0, q), false);
    r.query = q == std::string::npos ? std::string() : target.substr(q + 1);
    r.origin = origin_of(req, local);
    r.body = req.body();
    r.content_type = to_string(req[http::field::content_type]);
    r.authorization = to_string(req[http::field::authorization]);
    // The peer's address decides nothing beyond /statistik's loopback rule;
    // it is neither logged (but at debug level) nor stored.
    const auto addr = remote.address();
    r.loopback = addr.is_loopback() || (addr.is_v6() && addr.to_v6().is_v4_mapped() &&
                                        net::ip::make_address_v4(net::ip::v4_mapped, addr.to_v6()).is_loopback());
    r.forwarded = req.find(http::field::forwarded) != req.end() || req.find("X-Forwarded-For") != req.end() ||
                  req.find("X-Real-IP") != req.end();
    return r;
}

/// A bare JSON error for requests the parser refused (no route saw them).
Response protocol_error(int status, const std::string& message) {
    Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = "{\"error\":\"" + message + "\",\"status\":" + std::to_string(status) + "}\n";
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
}

/// Room for the connections in RLIMIT_NOFILE: raise the soft limit to the
/// hard one and keep some descriptors for the index and the logs.
std::size_t fit_connections(std::size_t wanted, unsigned threads) {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return wanted;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
        getrlimit(RLIMIT_NOFILE, &lim);
    }
    // Each searcher holds a handful of the index's files.
    const rlim_t reserve = 64 + 16 * static_cast<rlim_t>(threads);
    if (lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur > reserve + wanted) return wanted;
    std::size_t fits = lim.rlim_cur > reserve + 16 ? static_cast<std::size_t>(lim.rlim_cur - reserve) : 16;
    logger()->warn("max connections lowered from {} to {} to fit the open-files limit ({})", wanted, fits,
                   static_cast<unsigned long long>(lim.rlim_cur));
    return fits;
}

}  // namespace

class Connection;

struct HttpServer::Impl {
    Impl(Service& s, HttpSettings st)
        : service(s), settings(std::move(st)),
          pool(settings.threads, settings.queue, settings.queue_timeout) {}

    Service& service;
    HttpSettings settings;
    // Declared before the io_context: connections destroyed with its
    // pending handlers still unregister themselves here.
    std::unordered_set<Connection*> connections;
    std::list<Connection*> waiting;  ///< waiting for input, longest first
    std::size_t searches = 0, searches_at_release = 0, evicted = 0, busy = 0, timed_out = 0;
    std::size_t logged_evicted = 0, logged_busy = 0, logged_timed_out = 0;
    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    net::steady_timer housekeeping{ioc};
    net::steady_timer accept_retry{ioc};
    net::signal_set signals{ioc};
    WorkerPool pool;  // destroyed first: its last jobs post to a live io_context

    void accept();
    void schedule_tick();
    void tick();
    void shutdown();
    void make_room();
};

/// One client connection; lives as long as an operation of it is pending.
/// All of it runs on the I/O thread, except Service::handle on a worker.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(HttpServer::Impl& server, tcp::socket socket) : m_server(server), m_stream(std::move(socket)) {
        beast::error_code ec;
        m_stream.socket().set_option(tcp::no_delay(true), ec);
        m_local = m_stream.socket().local_endpoint(ec);
        m_remote = m_stream.socket().remote_endpoint(ec);
        m_server.connections.insert(this);
    }
    ~Connection() {
        stop_waiting();
        m_server.connections.erase(this);
    }

    void start() { wait_for_request(); }

    /// Close now; pending operations end with operation_aborted.
    void close() {
        stop_waiting();
        m_server.connections.erase(this);  // no longer takes room, though its handlers may still run
        beast::error_code ec;
        m_stream.socket().close(ec);
    }

  private:
    using Parser = http::request_parser<http::string_body>;

    void start_waiting() {
        if (!m_waiting_at) m_waiting_at = m_server.waiting.insert(m_server.waiting.end(), this);
    }
    void stop_waiting() {
        if (m_waiting_at) m_server.waiting.erase(*m_waiting_at);
        m_waiting_at.reset();
    }

    /// Idle until the first byte of a request, under the keep-alive timeout.
    void wait_for_request() {
        if (m_buffer.size() > 0) return read_request();  // pipelined: already here
        start_waiting();
        m_stream.expires_after(m_server.settings.keep_alive_timeout);
        m_stream.async_read_some(m_buffer.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
            if (ec) return self->end(ec);
            self->m_buffer.commit(n);
            self->read_request();
        });
    }

    /// The whole request, head and body, under one deadline from its first byte.
    void read_request() {
        start_waiting();
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(m_server.settings.max_head_bytes));
        m_parser->body_limit(static_cast<std::uint64_t>(m_server.settings.max_body_bytes));
        m_stream.expires_after(m_server.settings.request_timeout);
        http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, size_t) {
            self->stop_waiting();
            if (ec == http::error::header_limit)
                return self->refuse(protocol_error(400, "request too long (query at most 8 KiB)"));
            if (ec == http::error::body_limit) return self->refuse(protocol_error(413, "request body too large"));
            if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
                ec == net::error::connection_reset || ec == net::error::eof)
                return self->end(ec);
            if (ec) return self->refuse(protocol_error(400, "bad request"));
            self->dispatch();
        });
    }

    /// Hand the request to a worker, or answer 503 at once when none is free soon.
    void dispatch() {
        const auto& req = m_parser->get();
        Request request = to_request(req, m_local, m_remote);
        m_head = req.method() == http::verb::head;
        m_version = req.version();
        m_keep_alive = req.keep_alive() && ++m_served < m_server.settings.max_requests_per_connection;
        m_stream.expires_never();
        auto job = [self = shared_from_this(), request = std::move(request)](bool expired) mutable {
            Response res = expired ? self->m_server.service.overloaded(request) : self->m_server.service.handle(request);
            net::post(self->m_server.ioc, [self, res = std::move(res), expired]() mutable {
                if (expired) ++self->m_server.busy;
                ++self->m_server.searches;
                self->write(std::move(res));
            });
        };
        if (!m_server.pool.try_submit(std::move(job))) {
            ++m_server.busy;
            m_keep_alive = false;
            write(m_server.service.overloaded(to_request(req, m_local, m_remote)));
        }
    }

    /// Answer a request the parser refused, then close.
    void refuse(Response res) {
        m_head = false;
        m_version = 11;
        m_keep_alive = false;
        write(std::move(res));
    }

    void write(Response from) {
        // Errors close the connection: a client that sent something wrong
        // (or met a full server) starts afresh.
        if (from.status == 400 || from.status == 405 || from.status == 413 || from.status >= 500) m_keep_alive = false;
        m_response = {};
        m_response.result(static_cast<unsigned>(from.status));
        m_response.version(m_version);
        m_response.set(http::field::content_type, from.content_type);
        for (const auto& [name, value] : from.headers) m_response.insert(name, value);
        m_response.keep_alive(m_keep_alive);
        if (from.status != 204) m_response.content_length(from.body.size());  // 204: no Content-Length
        if (!m_head) m_response.body() = std::move(from.body);
        // Checked first: the arguments cost a system call and copies on every response.
        if (logger()->should_log(spdlog::level::debug))
            logger()->debug("{} {} {}", m_stream.socket().remote_endpoint(m_ignored).address().to_string(),
                            m_parser ? to_string(m_parser->get().target()) : std::string("-"), from.status);
        m_stream.expires_after(m_server.settings.write_timeout);
        // Head and body go out in one gathered write.
        http::async_write(m_stream, m_response, [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->end(ec);
            if (!self->m_keep_alive) return self->linger();
            self->m_parser.reset();
            self->wait_for_request();
        });
    }

    /// Close after a last response: stop sending, then read what the client
    /// still sends for a moment, so that closing does not reset the
    /// connection before the client has read the response.
    void linger() {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return end(ec);
        start_waiting();
        m_stream.expires_after(std::chrono::seconds(2));
        drain();
    }
    void drain() {
        m_buffer.consume(m_buffer.size());
        m_stream.async_read_some(m_buffer.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->end(ec);
            self->drain();
        });
    }

    void end(beast::error_code ec) {
        if (ec == beast::error::timeout) ++m_server.timed_out;
        close();
    }

    HttpServer::Impl& m_server;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<Parser> m_parser;
    http::response<http::string_body> m_response;
    tcp::endpoint m_local, m_remote;
    std::optional<std::list<Connection*>::iterator> m_waiting_at;
    unsigned m_served = 0, m_version = 11;
    bool m_head = false, m_keep_alive = true;
    beast::error_code m_ignored;
};

void HttpServer::Impl::make_room() {
    if (connections.size() < settings.max_connections) return;
    if (!waiting.empty()) {
        ++evicted;
        waiting.front()->close();  // unlinks itself
    }
}

void HttpServer::Impl::accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted) return;  // stopping
        if (ec) {
            // Out of descriptors and the like: wait a moment instead of spinning.
            logger()->warn("accept: {}", ec.message());
            make_room();
            accept_retry.expires_after(std::chrono::milliseconds(50));
            accept_retry.async_wait([this](beast::error_code e) {
                if (!e) accept();
            });
            return;
        }
        make_room();
        if (connections.size() >= settings.max_connections) {
            // Every connection is busy with a request: no room for one more.
            ++busy;
            beast::error_code ignored;
            socket.close(ignored);
        } else {
            std::make_shared<Connection>(*this, std::move(socket))->start();
        }
        accept();
    });
}

void HttpServer::Impl::schedule_tick() {
    housekeeping.expires_after(std::chrono::seconds(2));
    housekeeping.async_wait([this](beast::error_code ec) {
        if (ec) return;
        tick();
        schedule_tick();
    });
}

void HttpServer::Impl::tick() {
    // Idle searchers on a switched-away index would keep its generation on disk.
    service.pool().drop_stale();
    // After a burst of searches, give the memory they used back to the
    // system once no search is running (a search's peak is not kept).
    if (searches != searches_at_release && pool.running() == 0 && pool.queued() == 0) {
        release_free_memory();
        searches_at_release = searches;
    }
    if (evicted != logged_evicted || busy != logged_busy || timed_out != logged_timed_out) {
        logger()->info("connections: {} open; so far {} closed for room, {} timed out, {} answered 503 (busy)",
                       connections.size(), evicted, timed_out, busy);
        logged_evicted = evicted, logged_busy = busy, logged_timed_out = timed_out;
    }
}

void HttpServer::Impl::shutdown() {
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    housekeeping.cancel();
    accept_retry.cancel();
    std::vector<Connection*> all(connections.begin(), connections.end());
    for (Connection* c : all) c->close();
    ioc.stop();
}

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

HttpServer::HttpServer(Service& service, HttpSettings settings) {
    settings.threads = std::max(1u, settings.threads);
    settings.max_connections = fit_connections(std::max<std::size_t>(settings.max_connections, 1), settings.threads);
    m_impl = std::make_unique<Impl>(service, std::move(settings));
}

HttpServer::~HttpServer() = default;

const HttpSettings& HttpServer::settings() const { return m_impl->settings; }

int HttpServer::bind(const std::string& host, int port) {
    Impl& s = *m_impl;
    try {
        tcp::resolver resolver(s.ioc);
        auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive);
        tcp::endpoint ep = results.begin()->endpoint();
        s.acceptor.open(ep.protocol());
        s.acceptor.set_option(net::socket_base::reuse_address(true));
        s.acceptor.bind(ep);
        s.acceptor.listen(net::socket_base::max_listen_connections);
        return s.acceptor.local_endpoint().port();
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + e.what());
    }
}

bool HttpServer::run() {
    Impl& s = *m_impl;
    if (!s.acceptor.is_open()) return false;
    s.accept();
    s.schedule_tick();
    s.ioc.run();
    return true;
}

void HttpServer::stop() {
    net::post(m_impl->ioc, [impl = m_impl.get()] { impl->shutdown(); });
}

bool HttpServer::run_until_signal() {
    Impl& s = *m_impl;
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](beast::error_code ec, int sig) {
        if (ec) return;
        logger()->info("signal {}: stopping", sig);
        s.shutdown();
    });
    return run();
}

}  // namespace news::web
