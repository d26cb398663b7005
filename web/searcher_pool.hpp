#pragma once
/// Searchers for concurrent requests. A Searcher (a Xapian::Database) is not
/// thread-safe, so each request leases one for its duration; the pool keeps
/// as many as ran at once and reuses them.
///
/// The pool also notices a rebuilt index: `news-index build` renames the stub
/// file at the database path to point at a new generation, so a lease first
/// compares the path's inode and mtime with what its searcher saw, and
/// reopens on a change (and at least every `recheck` interval, for an index
/// updated in place). A request never waits for a reopen by another.

#include "searcher/searcher.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace news::web {

class SearcherPool {
  public:
    /// Opens nothing yet: the first lease does (so a service can start
    /// before its index exists, and report 503 until then).
    /// `cluster`: the timeouts of a cluster's remote parts (searcher/cluster.hpp).
    explicit SearcherPool(std::string db_path, std::chrono::milliseconds recheck = std::chrono::seconds(2),
                          searcher::ClusterOptions cluster = searcher::cluster_options(0));
    ~SearcherPool();
    SearcherPool(const SearcherPool&) = delete;
    SearcherPool& operator=(const SearcherPool&) = delete;

    struct Entry;

    /// A searcher for one request; goes back to the pool when destroyed.
    class Lease {
      public:
        Lease(SearcherPool& pool, std::unique_ptr<Entry> entry);
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        searcher::Searcher& operator*() const;
        searcher::Searcher* operator->() const { return &**this; }
        /// Drop this searcher instead of returning it (it failed).
        void discard();

      private:
        SearcherPool* m_pool;
        std::unique_ptr<Entry> m_entry;
    };

    /// A searcher on the current index. Throws searcher::IndexUnavailable.
    Lease lease();

    /// A searcher opened afresh (after a failure of a pooled one).
    Lease fresh_lease();

    const std::string& db_path() const { return m_db_path; }

    /// Close the idle searchers that still read an older index (a rebuilt
    /// one was switched in), so that its generation can be deleted. Leases
    /// do it when they notice a switch; a server calls it now and then for
    /// the quiet times between requests.
    void drop_stale();

    /// Searchers opened so far and reopens that found a new index (for /healthz and tests).
    std::uint64_t opened() const;
    std::uint64_t reopened() const;

  private:
    struct Stamp;
    static Stamp stamp_of(const std::string& path);
    void drop_stale(const Stamp& current);
    void give_back(std::unique_ptr<Entry> entry);
    std::unique_ptr<Entry> open_entry();

    std::string m_db_path;
    std::chrono::milliseconds m_recheck;
    searcher::ClusterOptions m_cluster;
    /// One facet table per index revision for all the pool's searchers.
    std::shared_ptr<searcher::FacetTableCache> m_facet_tables = std::make_shared<searcher::FacetTableCache>();
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Entry>> m_idle;
    std::uint64_t m_opened = 0, m_reopened = 0;
};

}  // namespace news::web
