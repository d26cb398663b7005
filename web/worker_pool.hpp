#pragma once
/// A fixed set of threads taking jobs from a bounded queue: the searches of
/// news-searchd. A full queue refuses a job at once (the server answers 503
/// with Retry-After) instead of letting requests pile up; a job that waited
/// longer than `max_wait` is told so, and answers 503 instead of searching
/// for a client that has likely given up.
///
/// @code
///   news::web::WorkerPool pool(4, 64, std::chrono::seconds(5));
///   bool taken = pool.try_submit([](bool expired) { if (!expired) work(); });
/// @endcode

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace news::web {

class WorkerPool {
  public:
    /// A job; `expired` is true when it waited in the queue past `max_wait`.
    using Job = std::function<void(bool expired)>;

    /// `threads` jobs run at once, `capacity` more wait; `max_wait` 0 = no bound.
    WorkerPool(unsigned threads, std::size_t capacity, std::chrono::milliseconds max_wait);
    /// Runs the jobs still queued (as expired), then joins the threads.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queue `job`; false (and `job` not kept) when the queue is full.
    bool try_submit(Job job);

    /// Jobs waiting and running now.
    std::size_t queued() const;
    std::size_t running() const;

  private:
    void work();

    struct Queued {
        Job job;
        std::chrono::steady_clock::time_point since;
    };

    const std::size_t m_capacity;
    const std::chrono::milliseconds m_max_wait;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Queued> m_queue;
    std::size_t m_running = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace news::web
