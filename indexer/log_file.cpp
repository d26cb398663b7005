#include "indexer/log_file.hpp"

#include "indexer/errors.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace news::indexer {

namespace {

// A signal handler can only reach static storage: the one global here.
std::atomic<unsigned> g_hangups{0};
static_assert(std::atomic<unsigned>::is_always_lock_free);

extern "C" void on_sighup(int) { g_hangups.fetch_add(1, std::memory_order_relaxed); }

}  // namespace

void reopen_logs_on_sighup() {
    struct sigaction sa {};
    sa.sa_handler = on_sighup;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGHUP, &sa, nullptr);
}

void install_logger(const std::string& name, const std::string& log_file, spdlog::level::level_enum level) {
    auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    std::vector<spdlog::sink_ptr> sinks{err};
    if (!log_file.empty()) {
        err->set_level(spdlog::level::err);
        auto file = std::make_shared<ReopeningFileSink>(log_file);
        file->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n:%P] [%l] %v");
        sinks.push_back(file);
        reopen_logs_on_sighup();
    }
    auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
    logger->set_level(level);
    spdlog::set_default_logger(logger);
    spdlog::set_level(level);
}

ReopeningFileSink::ReopeningFileSink(std::filesystem::path path) : m_path(std::move(path)) {
    m_hangups_seen = g_hangups.load(std::memory_order_relaxed);
    open_file();
}

ReopeningFileSink::~ReopeningFileSink() {
    if (m_fd >= 0) ::close(m_fd);
}

void ReopeningFileSink::open_file() {
    int fd = ::open(m_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw IndexError("cannot open log file " + m_path.string() + ": " + std::strerror(errno));
    struct stat st {};
    ::fstat(fd, &st);
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
    m_dev = st.st_dev;
    m_ino = st.st_ino;
}

void ReopeningFileSink::reopen_if_rotated() {
    unsigned hangups = g_hangups.load(std::memory_order_relaxed);
    struct stat st {};
    bool moved = ::stat(m_path.c_str(), &st) != 0 || st.st_dev != m_dev || st.st_ino != m_ino;
    if (!moved && hangups == m_hangups_seen) return;
    m_hangups_seen = hangups;
    try {
        open_file();
    } catch (const IndexError&) {
        // Keep writing to the file we have rather than lose the line.
    }
}

void ReopeningFileSink::sink_it_(const spdlog::details::log_msg& msg) {
    reopen_if_rotated();
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    const char* p = line.data();
    size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(m_fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // a full disk must not stop the indexer: the line is lost
        p += n;
        left -= static_cast<size_t>(n);
    }
}

}  // namespace news::indexer
