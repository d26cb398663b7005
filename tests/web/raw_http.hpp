#pragma once
/// A bare HTTP/1.1 client over one TCP connection, for the tests that need
/// what a library client hides: kept-alive timing, pipelining, malformed
/// requests, slow and idle connections.

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace news::webtest {

struct RawResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  ///< names in lower case
    std::string body;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class RawConnection {
  public:
    /// Connects to 127.0.0.1:port; throws when it cannot.
    explicit RawConnection(int port) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(m_fd);
            m_fd = -1;
            throw std::runtime_error("connect: " + std::string(std::strerror(errno)));
        }
    }
    RawConnection(RawConnection&& o) noexcept : m_fd(o.m_fd), m_pending(std::move(o.m_pending)) { o.m_fd = -1; }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    ~RawConnection() {
        if (m_fd >= 0) ::close(m_fd);
    }

    /// Writes all of `bytes`; false when the peer has closed.
    bool send(const std::string& bytes) {
        size_t done = 0;
        while (done < bytes.size()) {
            ssize_t n = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<size_t>(n);
        }
        return true;
    }

    /// One response (Content-Length framed), or nothing when the
    /// connection closed or `timeout` passed first.
    std::optional<RawResponse> read_response(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        size_t head_end;
        while ((head_end = m_pending.find("\r\n\r\n")) == std::string::npos)
            if (!fill(deadline)) return std::nullopt;
        RawResponse r;
        std::string head = m_pending.substr(0, head_end);
        m_pending.erase(0, head_end + 4);
        size_t line_end = head.find("\r\n");
        std::string status_line = head.substr(0, line_end);
        if (status_line.size() < 12) return std::nullopt;
        r.status = std::atoi(status_line.c_str() + 9);
        size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
        while (at < head.size()) {
            size_t end = head.find("\r\n", at);
            if (end == std::string::npos) end = head.size();
            std::string line = head.substr(at, end - at);
            size_t colon = line.find(':');
            if (colon != std::string::npos) {
                std::string name = line.substr(0, colon);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                size_t v = line.find_first_not_of(' ', colon + 1);
                r.headers[name] = v == std::string::npos ? std::string() : line.substr(v);
            }
            at = end + 2;
        }
        size_t length = static_cast<size_t>(std::atoll(r.header("content-length").c_str()));
        while (m_pending.size() < length)
            if (!fill(deadline)) return std::nullopt;
        r.body = m_pending.substr(0, length);
        m_pending.erase(0, length);
        return r;
    }

    /// Whether the server closes the connection (EOF or reset) within
    /// `timeout`, discarding whatever it still sends.
    bool closed_within(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            int left = static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, std::max(left, 0)) <= 0) return false;
            char buf[4096];
            ssize_t n = ::recv(m_fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n <= 0) return true;
        }
    }

    int fd() const { return m_fd; }

  private:
    bool fill(std::chrono::steady_clock::time_point deadline) {
        int left = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
        if (left <= 0) return false;
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, left) <= 0) return false;
        char buf[16384];
        ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        m_pending.append(buf, static_cast<size_t>(n));
        return true;
    }

    int m_fd = -1;
    std::string m_pending;
};

/// A GET request line and headers for `target`.
inline std::string get_request(const std::string& target, const std::string& extra_headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

/// Seconds since `start`, in milliseconds.
inline double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace news::webtest
