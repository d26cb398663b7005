#pragma once
/// Helpers for the web tests: a temporary directory, indexing with
/// news-index, and child processes (news-searchd, lighttpd) started on a
/// loopback port and stopped by their own pid.

#include <httplib.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace news::webtest {

namespace fs = std::filesystem;

inline std::string bin(const std::string& name) { return std::string(NEWS_BIN_DIR) + "/" + name; }

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag) {
        static int counter = 0;
        path = fs::temp_directory_path() /
               ("news_web_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

/// A child process; the destructor sends SIGTERM and reaps it.
class Process {
  public:
    /// Start `argv[0]` with `argv`, stdout and stderr to `log`.
    /// `own_group`: in a process group of its own, which signals reach as a
    /// whole (a server that forks per connection, or that signals its
    /// group, as xapian-tcpsrv does at SIGTERM).
    Process(const std::vector<std::string>& argv, const fs::path& log,
            const std::map<std::string, std::string>& extra_env = {}, bool own_group = false)
        : m_group(own_group) {
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        std::vector<std::string> env_store;
        for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
        for (const auto& [k, v] : extra_env) env_store.push_back(k + "=" + v);
        std::vector<char*> env;
        for (auto& e : env_store) env.push_back(e.data());
        env.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        if (own_group) {
            posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
            posix_spawnattr_setpgroup(&attr, 0);
        }
        int rc = posix_spawn(&m_pid, args[0], &fa, &attr, args.data(), env.data());
        posix_spawnattr_destroy(&attr);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process() { stop(); }

    /// SIGTERM, then wait (SIGKILL after 10 s); returns the exit status.
    int stop() {
        if (m_pid <= 0) return m_status;
        signal(SIGTERM);
        for (int i = 0; i < 200; ++i) {
            if (::waitpid(m_pid, &m_status, WNOHANG) == m_pid) {
                m_pid = 0;
                return m_status;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        signal(SIGKILL);
        ::waitpid(m_pid, &m_status, 0);
        m_pid = 0;
        return m_status;
    }
    /// False once it has exited (reaped here: stop() then returns at once).
    bool running() {
        if (m_pid <= 0) return false;
        const pid_t r = ::waitpid(m_pid, &m_status, WNOHANG);
        if (r == 0) return true;
        m_pid = 0;  // reaped (or not ours to wait for): never signal the pid again
        return false;
    }
    pid_t pid() const { return m_pid; }
    /// The process, or its whole group when it has one of its own.
    void signal(int sig) {
        if (m_pid > 0) ::kill(m_group ? -m_pid : m_pid, sig);
    }

  private:
    bool m_group = false;
    pid_t m_pid = 0;
    int m_status = -1;
};

inline std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Run a command line through the shell; its exit code.
inline int run(const std::string& cmd) {
    int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string q(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// Index `source` into `db` with news-index; throws on failure.
inline void index(const fs::path& source, const fs::path& db) {
    int rc = run(q(bin("news-index")) + " -q build --source " + q(source.string()) + " --db " + q(db.string()) +
                 " >/dev/null");
    if (rc != 0) throw std::runtime_error("news-index build failed with " + std::to_string(rc));
}

/// Percent-encode a query parameter value.
inline std::string enc(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
        else out += std::string("%") + hex[c >> 4] + hex[c & 15];
    }
    return out;
}

/// A port that was free a moment ago (for servers that cannot pick one).
inline int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

/// news-searchd on 127.0.0.1 and a port of its own choosing (read from its log).
class Searchd {
  public:
    Searchd(const fs::path& db, const fs::path& dir, const std::vector<std::string>& extra = {})
        : m_log(dir / "searchd.log") {
        std::vector<std::string> argv = {bin("news-searchd"), "--db", db.string(), "--listen", "127.0.0.1:0",
                                         "--threads", "8"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        m_process = std::make_unique<Process>(argv, m_log);
        const std::string marker = "listening on http://127.0.0.1:";
        for (int i = 0; i < 300 && m_port == 0; ++i) {
            std::string log = read_file(m_log);
            size_t at = log.find(marker);
            if (at != std::string::npos) m_port = std::atoi(log.c_str() + at + marker.size());
            else std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (!m_process->running()) break;
        }
        if (m_port == 0) throw std::runtime_error("news-searchd did not start: " + read_file(m_log));
    }
    int port() const { return m_port; }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", m_port);
        c.set_read_timeout(30);
        return c;
    }
    std::string log() const { return read_file(m_log); }
    int stop() { return m_process->stop(); }
    pid_t pid() const { return m_process->pid(); }

  private:
    fs::path m_log;
    std::unique_ptr<Process> m_process;
    int m_port = 0;
};

}  // namespace news::webtest
