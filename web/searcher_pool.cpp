#include "web/searcher_pool.hpp"

#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <algorithm>
#include <iterator>

namespace news::web {

/// What identifies the file (or directory) at the database path right now.
struct SearcherPool::Stamp {
    ino_t inode = 0;
    dev_t device = 0;
    std::int64_t mtime_ns = 0;
    off_t size = 0;
    bool operator==(const Stamp&) const = default;
};

/// What identifies the file (or directory) at the database path right now.
SearcherPool::Stamp SearcherPool::stamp_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return {st.st_ino, st.st_dev, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
            st.st_size};
}

namespace {

std::shared_ptr<spdlog::logger> logger() {
    auto l = spdlog::get("web");
    return l ? l : spdlog::default_logger();
}

}  // namespace

struct SearcherPool::Entry {
    std::unique_ptr<searcher::Searcher> searcher;
    Stamp stamp;
    std::chrono::steady_clock::time_point checked;
};

SearcherPool::SearcherPool(std::string db_path, std::chrono::milliseconds recheck, searcher::ClusterOptions cluster)
    : m_db_path(std::move(db_path)), m_recheck(recheck), m_cluster(cluster) {}

SearcherPool::~SearcherPool() = default;

SearcherPool::Lease::Lease(SearcherPool& pool, std::unique_ptr<Entry> entry)
    : m_pool(&pool), m_entry(std::move(entry)) {}

SearcherPool::Lease::Lease(Lease&& other) noexcept : m_pool(other.m_pool), m_entry(std::move(other.m_entry)) {}

SearcherPool::Lease::~Lease() {
    if (m_entry) m_pool->give_back(std::move(m_entry));
}

searcher::Searcher& SearcherPool::Lease::operator*() const { return *m_entry->searcher; }

void SearcherPool::Lease::discard() { m_entry.reset(); }

std::unique_ptr<SearcherPool::Entry> SearcherPool::open_entry() {
    auto e = std::make_unique<Entry>();
    e->stamp = stamp_of(m_db_path);  // before opening: a switch in between is seen next time
    e->searcher = std::make_unique<searcher::Searcher>(m_db_path, m_facet_tables, m_cluster);
    e->checked = std::chrono::steady_clock::now();
    std::lock_guard lock(m_mutex);
    ++m_opened;
    return e;
}

SearcherPool::Lease SearcherPool::lease() {
    std::unique_ptr<Entry> e;
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            e = std::move(m_idle.back());
            m_idle.pop_back();
        }
    }
    if (!e) return Lease(*this, open_entry());
    const auto now = std::chrono::steady_clock::now();
    Stamp current = stamp_of(m_db_path);
    if (current != e->stamp) drop_stale(current);
    if (current != e->stamp || now - e->checked >= m_recheck) {
        try {
            e->stamp = current;
            e->checked = now;
            if (e->searcher->reopen()) {
                std::lock_guard lock(m_mutex);
                ++m_reopened;
                logger()->debug("reopened {}: {} documents, built {}", m_db_path, e->searcher->doccount(),
                                e->searcher->built_at());
            }
        } catch (const searcher::IndexUnavailable& err) {
            logger()->warn("reopen failed, opening afresh: {}", err.what());
            return Lease(*this, open_entry());
        }
    }
    return Lease(*this, std::move(e));
}

void SearcherPool::drop_stale() { drop_stale(stamp_of(m_db_path)); }

void SearcherPool::drop_stale(const Stamp& current) {
    std::vector<std::unique_ptr<Entry>> stale;
    {
        std::lock_guard lock(m_mutex);
        auto keep = std::stable_partition(m_idle.begin(), m_idle.end(),
                                          [&](const std::unique_ptr<Entry>& e) { return e->stamp == current; });
        std::move(keep, m_idle.end(), std::back_inserter(stale));
        m_idle.erase(keep, m_idle.end());
    }
    if (!stale.empty()) logger()->debug("closed {} idle searchers of an older index", stale.size());
}  // closed here, outside the lock

SearcherPool::Lease SearcherPool::fresh_lease() { return Lease(*this, open_entry()); }

void SearcherPool::give_back(std::unique_ptr<Entry> entry) {
    std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(entry));
}

std::uint64_t SearcherPool::opened() const {
    std::lock_guard lock(m_mutex);
    return m_opened;
}

std::uint64_t SearcherPool::reopened() const {
    std::lock_guard lock(m_mutex);
    return m_reopened;
}

}  // namespace news::web
