#pragma once
/// Counting searches and clicks on the request path without waiting for
/// the disk: count_search()/count_click() normalise the query and add to an
/// in-memory batch (a mutex and a map update); flush() writes the batch to
/// the Store in one transaction. news-searchd flushes once a second from its
/// own thread (start_flushing), so a crash loses at most the last second;
/// news-search.cgi flushes once, after its answer has gone out.
///
/// The statistics never break searching: nothing here throws. A store that
/// is locked past its busy timeout, full, read-only or not a database loses
/// that batch; a warning is logged at most once a minute (with the number
/// of batches lost), and the next flush opens the store afresh.

#include "stats/store.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

namespace news::stats {

/// The operator's settings (news-searchd options, the CGI's environment).
struct Settings {
    std::string db_path;           ///< "": statistics off
    unsigned min_count = 3;        ///< k (see Store)
    unsigned retention_days = 90;

    bool enabled() const { return !db_path.empty(); }
    StoreSettings store() const { return {db_path, min_count, retention_days}; }
};

/// The highest click rank counted (deeper clicks are refused as bad input).
inline constexpr unsigned kMaxRank = 1000;

class Recorder {
  public:
    explicit Recorder(StoreSettings settings);
    ~Recorder();  ///< stops the flusher and flushes what is left
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    /// One search of `query` (as typed); `had_hits`: it found something.
    /// Queries that normalise to nothing are not counted.
    void count_search(std::string_view query, bool had_hits);
    /// A click on the hit at `rank` (1-based) of `query`'s results.
    void count_click(std::string_view query, unsigned rank);

    /// Write the batch now; false when it was lost (or nothing to write: true).
    bool flush() noexcept;

    /// Flush every `period` from a thread of its own until destruction.
    void start_flushing(std::chrono::milliseconds period = std::chrono::seconds(1));

    /// Batches lost so far.
    std::uint64_t dropped() const;

  private:
    void warn(const std::string& what);
    void flusher(std::chrono::milliseconds period);

    StoreSettings m_settings;
    mutable std::mutex m_mutex;  ///< m_batch, m_stop, m_dropped
    Batch m_batch;
    bool m_stop = false;
    std::uint64_t m_dropped = 0;
    std::condition_variable m_wake;

    std::mutex m_store_mutex;  ///< one flush at a time
    std::unique_ptr<Store> m_store;
    std::chrono::steady_clock::time_point m_last_warning{};
    std::uint64_t m_dropped_at_warning = 0;
    std::string m_last_day;
    std::thread m_thread;
};

}  // namespace news::stats
