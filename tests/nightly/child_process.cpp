#include "child_process.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;

namespace news::nightly {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Child::Child(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err) : m_out(out), m_err(err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int rc = posix_spawn(&m_pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
}

Child::~Child() {
    if (!m_reaped && running()) kill9();
    if (!m_reaped) wait();
}

bool Child::running() {
    if (m_reaped) return false;
    pid_t r = ::waitpid(m_pid, &m_status, WNOHANG);
    if (r == m_pid) m_reaped = true;
    return !m_reaped;
}

int Child::wait() {
    while (!m_reaped) {
        pid_t r = ::waitpid(m_pid, &m_status, 0);
        if (r == m_pid) m_reaped = true;
        else if (r < 0 && errno != EINTR) break;
    }
    if (WIFEXITED(m_status)) return WEXITSTATUS(m_status);
    if (WIFSIGNALED(m_status)) return 128 + WTERMSIG(m_status);
    return -1;
}

void Child::kill9() {
    if (!m_reaped) ::kill(m_pid, SIGKILL);
}

bool Child::wait_for_log(const std::string& text, std::chrono::milliseconds patience) {
    return wait_for_text(m_err, text, patience);
}

bool Child::wait_for_text(const fs::path& file, const std::string& text, std::chrono::milliseconds patience) {
    auto until = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < until) {
        if (slurp(file).find(text) != std::string::npos) return true;
        if (!running()) return slurp(file).find(text) != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

std::string Child::out() const { return slurp(m_out); }
std::string Child::err() const { return slurp(m_err); }

Result run(const std::vector<std::string>& argv, const fs::path& scratch) {
    static std::atomic<int> n{0};
    int k = n++;
    fs::path out = scratch / ("run" + std::to_string(k) + ".out"), err = scratch / ("run" + std::to_string(k) + ".err");
    Result r;
    {
        Child c(argv, out, err);
        r.code = c.wait();
    }
    r.out = slurp(out);
    r.err = slurp(err);
    fs::remove(out);
    fs::remove(err);
    return r;
}

}  // namespace news::nightly
