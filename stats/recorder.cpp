#include "stats/recorder.hpp"

#include "stats/normalise.hpp"

#include <spdlog/spdlog.h>

namespace news::stats {

namespace {

std::shared_ptr<spdlog::logger> logger() {
    auto l = spdlog::get("stats");
    return l ? l : spdlog::default_logger();
}

}  // namespace

Recorder::Recorder(StoreSettings settings) : m_settings(std::move(settings)) {}

Recorder::~Recorder() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
    flush();
}

void Recorder::count_search(std::string_view query, bool had_hits) {
    std::string key = normalise_query(query);
    if (key.empty()) return;
    std::lock_guard lock(m_mutex);
    QueryCounts& c = m_batch[std::move(key)];
    ++c.searches;
    if (had_hits) ++c.with_hits;
}

void Recorder::count_click(std::string_view query, unsigned rank) {
    if (rank == 0 || rank > kMaxRank) return;
    std::string key = normalise_query(query);
    if (key.empty()) return;
    std::lock_guard lock(m_mutex);
    ++m_batch[std::move(key)].clicks[rank];
}

std::uint64_t Recorder::dropped() const {
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

bool Recorder::flush() noexcept {
    std::lock_guard store_lock(m_store_mutex);
    Batch batch;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_batch);
    }
    try {
        const std::string day = today();
        if (batch.empty()) {
            // A quiet night still compacts yesterday once the day has turned
            // (news-searchd's flusher passes here every second).
            if (m_store && day != m_last_day) m_store->maintain(day);
            m_last_day = day;
            return true;
        }
        if (!m_store) m_store = std::make_unique<Store>(m_settings);
        m_store->record(batch, day);
        m_last_day = day;
        return true;
    } catch (const std::exception& e) {
        m_store.reset();  // opened afresh next time (the file may be repaired)
        if (!batch.empty()) {
            std::lock_guard lock(m_mutex);
            ++m_dropped;
        }
        warn(e.what());
        return batch.empty();
    }
}

void Recorder::warn(const std::string& what) {
    const auto now = std::chrono::steady_clock::now();
    if (m_dropped_at_warning != 0 && now - m_last_warning < std::chrono::minutes(1)) return;
    std::uint64_t dropped = this->dropped();
    try {
        logger()->warn("search statistics not saved ({} batches lost so far; searching goes on): {}", dropped, what);
    } catch (...) {
    }
    m_last_warning = now;
    m_dropped_at_warning = dropped == 0 ? 1 : dropped;
}

void Recorder::start_flushing(std::chrono::milliseconds period) {
    if (m_thread.joinable()) return;
    m_thread = std::thread([this, period] { flusher(period); });
}

void Recorder::flusher(std::chrono::milliseconds period) {
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        m_wake.wait_for(lock, period, [this] { return m_stop; });
        if (m_stop) break;
        lock.unlock();
        flush();
        lock.lock();
    }
}

}  // namespace news::stats
