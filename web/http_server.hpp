#pragma once
/// news-searchd's HTTP side: cpp-httplib (Debian's libcpp-httplib) in front
/// of a Service. Every request goes to Service::handle; the server itself
/// serves no files. Requests run in parallel on a pool of threads, each
/// leasing its own searcher.

#include "web/service.hpp"

#include <memory>
#include <string>
#include <utility>

namespace news::web {

/// "127.0.0.1:8080", "[::1]:8080", "localhost:0" → {host, port}.
/// Throws std::invalid_argument for anything else.
std::pair<std::string, int> parse_listen(const std::string& listen);

class HttpServer {
  public:
    /// `threads` requests at once (keep-alive connections each hold one while open).
    HttpServer(Service& service, unsigned threads);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Bind to host:port (port 0: any free port); returns the bound port.
    /// Throws std::runtime_error when the address cannot be bound.
    int bind(const std::string& host, int port);

    /// Serve until stop(); false when the server could not run.
    bool run();

    /// Stop accepting and return from run(); safe from any thread.
    void stop();

    /// Serve until SIGINT or SIGTERM. Call before starting any other thread:
    /// it blocks both signals in the calling thread, so threads started
    /// later inherit the mask and one waiting thread receives them.
    bool run_until_signal();

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace news::web
