#pragma once
/// A log file that logrotate can rotate under a running indexer, whichever
/// way it is configured:
///  - `copytruncate`: the file is opened with O_APPEND, so after the copy is
///    truncated the next line goes to its (new) end, not to the old offset
///    with a hole of NUL bytes before it;
///  - `create` (rename, then a new file): before each line the sink checks
///    that the path still names the file it has open and reopens it when not,
///    so no `postrotate` signal is needed; SIGHUP also asks for a reopen
///    (and no longer ends the process) for setups that send one.
/// Each line is one write(2), so several runs may share one file.

#include <spdlog/sinks/base_sink.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <sys/types.h>

namespace news::indexer {

class ReopeningFileSink : public spdlog::sinks::base_sink<std::mutex> {
  public:
    /// Opens (creates) `path` for appending; throws IndexError when it cannot.
    explicit ReopeningFileSink(std::filesystem::path path);
    ~ReopeningFileSink() override;
    ReopeningFileSink(const ReopeningFileSink&) = delete;
    ReopeningFileSink& operator=(const ReopeningFileSink&) = delete;

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override {}

  private:
    /// Open the path again when it was moved, removed or SIGHUP came.
    void reopen_if_rotated();
    void open_file();

    std::filesystem::path m_path;
    int m_fd = -1;
    dev_t m_dev = 0;
    ino_t m_ino = 0;
    unsigned m_hangups_seen = 0;
};

/// Set the default logger `name`: to stderr, or with `log_file` to that file
/// (every level) and errors still to stderr (cron mails them, journald keeps
/// them). Throws IndexError when the log file cannot be opened.
void install_logger(const std::string& name, const std::string& log_file, spdlog::level::level_enum level);

/// Make SIGHUP ask every ReopeningFileSink to reopen its file instead of
/// terminating the process.
void reopen_logs_on_sighup();

}  // namespace news::indexer
