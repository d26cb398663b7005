#pragma once
/// news-searchd's HTTP side: Boost.Beast (HTTP/1.1 parsing and writing) on
/// Boost.Asio, in front of a Service.
///
/// One I/O thread accepts connections, reads request heads and writes
/// responses without blocking; only a complete request takes one of the
/// `threads` search workers. So idle keep-alive connections and slow clients
/// cost a socket, not a worker, and every deadline is under our control:
///   - a request (head and body) must arrive within `request_timeout` of its
///     first byte, however it trickles in (slowloris);
///   - a connection waits at most `keep_alive_timeout` for its next request;
///   - at `max_connections`, a new connection closes the one that has
///     waited for input the longest;
///   - at most `queue` complete requests wait for a worker; beyond that, and
///     for a request that waited longer than `queue_timeout`, the answer is
///     503 with Retry-After, at once;
///   - a malformed request gets its 400 and the connection is closed.
/// A response leaves in one write with TCP_NODELAY (no Nagle delay on
/// kept-alive connections). Pipelined requests are answered in order.
///
/// Why not cpp-httplib (used before): it gives each connection a worker
/// thread for its whole life, keep-alive waits included, and its timeouts
/// apply per read(), so neither idle nor slow clients can be bounded.

#include "web/service.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>

namespace news::web {

/// "127.0.0.1:8080", "[::1]:8080", "localhost:0" → {host, port}.
/// Throws std::invalid_argument for anything else.
std::pair<std::string, int> parse_listen(const std::string& listen);

struct HttpSettings {
    unsigned threads = 16;                               ///< requests handled at once (search workers)
    std::size_t queue = 64;                              ///< complete requests waiting for a worker
    std::chrono::milliseconds queue_timeout{5000};       ///< longer in the queue: 503
    std::chrono::milliseconds request_timeout{5000};     ///< first byte to end of the request
    std::chrono::milliseconds keep_alive_timeout{5000};  ///< waiting for a (next) request
    std::chrono::milliseconds write_timeout{10000};      ///< writing one response
    std::size_t max_connections = 1024;                  ///< open at once (lowered to fit RLIMIT_NOFILE)
    unsigned max_requests_per_connection = 1000;
    std::size_t max_head_bytes = 8 * 1024;   ///< request line and headers
    std::size_t max_body_bytes = 64 * 1024;  ///< GET and HEAD only, but a body is read and dropped
};

class HttpServer {
  public:
    HttpServer(Service& service, HttpSettings settings);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Bind to host:port (port 0: any free port); returns the bound port.
    /// Throws std::runtime_error when the address cannot be bound.
    int bind(const std::string& host, int port);

    /// Serve until stop(); false when the server could not run.
    bool run();

    /// Stop accepting, close every connection and return from run(); safe
    /// from any thread.
    void stop();

    /// Serve until SIGINT or SIGTERM.
    bool run_until_signal();

    const HttpSettings& settings() const;

    struct Impl;  ///< internal (named by the connections in http_server.cpp)

  private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace news::web
