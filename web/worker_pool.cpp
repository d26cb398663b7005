#include "web/worker_pool.hpp"

#include <algorithm>

namespace news::web {

WorkerPool::WorkerPool(unsigned threads, std::size_t capacity, std::chrono::milliseconds max_wait)
    : m_capacity(capacity), m_max_wait(max_wait) {
    threads = std::max(1u, threads);
    m_threads.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) m_threads.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread& t : m_threads) t.join();
}

bool WorkerPool::try_submit(Job job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_queue.size() >= m_capacity) return false;
        m_queue.push_back({std::move(job), std::chrono::steady_clock::now()});
    }
    m_wake.notify_one();
    return true;
}

std::size_t WorkerPool::queued() const {
    std::lock_guard lock(m_mutex);
    return m_queue.size();
}

std::size_t WorkerPool::running() const {
    std::lock_guard lock(m_mutex);
    return m_running;
}

void WorkerPool::work() {
    for (;;) {
        Queued next;
        bool stopping = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) return;  // stopping, nothing left
            next = std::move(m_queue.front());
            m_queue.pop_front();
            ++m_running;
            stopping = m_stopping;
        }
        const bool expired =
            stopping || (m_max_wait.count() > 0 && std::chrono::steady_clock::now() - next.since > m_max_wait);
        next.job(expired);
        std::lock_guard lock(m_mutex);
        --m_running;
    }
}

}  // namespace news::web
