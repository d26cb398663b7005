#pragma once
/// The statistics store: one SQLite file in WAL mode, shared by news-searchd
/// (one writer thread) and any number of news-search.cgi processes; every
/// write is one short BEGIN IMMEDIATE transaction, so concurrent writers
/// queue on SQLite's lock (busy timeout) instead of losing counts.
///
/// Tables (see docs/privacy.md):
///   searches(day, query, searches, with_hits)   query "" = the day's rare queries
///   clicks(day, query, rank, clicks)            query "" = clicks after rare queries
///   pending(day, hash, searches, with_hits)     today's queries seen fewer than k times
///   pending_clicks(day, hash, rank, clicks)
///   day_keys(day, key)                          the key of today's hashes
/// A query's text is written only once it was searched k times that day;
/// before, it is a keyed BLAKE2b hash under a random key of the day. The
/// first write of a later day adds the older days' pending counts to their
/// "" rows, deletes the hashes and the key, and deletes days older than the
/// retention.
///
/// Errors: every failure (locked past the busy timeout, disk full, not a
/// database, read-only) throws StoreError; the transaction is rolled back.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace news::stats {

class StoreError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Counts of one normalised query in one batch.
struct QueryCounts {
    std::uint64_t searches = 0;
    std::uint64_t with_hits = 0;                   ///< searches that found something
    std::map<unsigned, std::uint64_t> clicks;      ///< rank (1-based) → clicks
};

/// Normalised query → counts.
using Batch = std::unordered_map<std::string, QueryCounts>;

struct StoreSettings {
    std::string path;
    unsigned min_count = 3;          ///< k: fewer searches a day and the text is never stored
    unsigned retention_days = 90;    ///< days kept, today included
    unsigned busy_timeout_ms = 2000; ///< wait this long for another writer
    std::int64_t max_pages = 0;      ///< test hook: PRAGMA max_page_count (0: SQLite's default)
};

/// "YYYY-MM-DD" of today in local time.
std::string today();
/// `day` plus `n` days (n may be negative), both "YYYY-MM-DD".
std::string add_days(const std::string& day, int n);
/// True for a well-formed "YYYY-MM-DD".
bool is_day(const std::string& s);

class Store {
  public:
    enum class Mode { WRITE, READ };
    /// Opens (WRITE: creates) the file. Throws StoreError.
    explicit Store(StoreSettings settings, Mode mode = Mode::WRITE);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// Add a batch to `day`'s counts in one transaction; runs the day's
    /// maintenance first when it has not run yet. Throws StoreError.
    void record(const Batch& batch, const std::string& day);

    /// Compact days before `day` and delete those older than the retention,
    /// once per day (a no-op when done already). Throws StoreError.
    void maintain(const std::string& day);

    sqlite3* handle() { return m_db; }
    const StoreSettings& settings() const { return m_settings; }

  private:
    void exec(const char* sql);
    void create_schema();
    void wait_for_schema();
    void maintain_locked(const std::string& day);
    void checkpoint_if_compacted();
    void record_locked(const Batch& batch, const std::string& day);
    void forget();
    std::vector<unsigned char> day_key(const std::string& day);
    [[noreturn]] void fail(const std::string& what);

    StoreSettings m_settings;
    sqlite3* m_db = nullptr;
    std::string m_maintained;  ///< the day maintenance last ran (cache of meta)
    bool m_compacted = false;  ///< maintenance ran in the last transaction
    std::string m_key_day;
    std::vector<unsigned char> m_key;
};

}  // namespace news::stats
