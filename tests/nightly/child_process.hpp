#pragma once
/// Runs the project's executables as separate processes for the operations
/// tests: start, watch the log, kill -9 at a chosen moment, collect output.

#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace news::nightly {

/// A child process with stdout and stderr in files.
class Child {
  public:
    /// Start `argv` (argv[0] is a path). Output goes to `out` and `err`.
    Child(const std::vector<std::string>& argv, const std::filesystem::path& out, const std::filesystem::path& err);
    /// Kills and reaps a child still running.
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return m_pid; }
    /// True while the child has not exited (reaps it when it has).
    bool running();
    /// Wait for the exit; the exit code, or 128 + signal number.
    int wait();
    void kill9();
    /// Poll stderr until it contains `text` (true) or the child exits or
    /// `patience` runs out (false). Not an assertion on time: a bound on waiting.
    bool wait_for_log(const std::string& text, std::chrono::milliseconds patience = std::chrono::seconds(120));
    /// The same for another file the child writes (its --log-file).
    bool wait_for_text(const std::filesystem::path& file, const std::string& text,
                       std::chrono::milliseconds patience = std::chrono::seconds(120));
    std::string out() const;
    std::string err() const;

  private:
    pid_t m_pid = -1;
    int m_status = -1;
    bool m_reaped = false;
    std::filesystem::path m_out, m_err;
};

struct Result {
    int code = -1;
    std::string out, err;
};

/// Run to the end, output captured through files in `scratch`.
Result run(const std::vector<std::string>& argv, const std::filesystem::path& scratch);

std::string slurp(const std::filesystem::path& p);

}  // namespace news::nightly
