#include "stats/store.hpp"

#include "stats/sqlite_util.hpp"

#include <sodium.h>

#include <chrono>
#include <ctime>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace news::stats {

using detail::Statement;

namespace {

constexpr size_t kKeyBytes = crypto_generichash_KEYBYTES;  // 32
constexpr size_t kHashBytes = 16;

void init_sodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw StoreError("statistics store: libsodium cannot be initialised");
}

std::chrono::year_month_day parse_day(const std::string& s) {
    if (!is_day(s)) throw StoreError("not a day (YYYY-MM-DD): " + s);
    int y = std::stoi(s.substr(0, 4));
    unsigned m = static_cast<unsigned>(std::stoi(s.substr(5, 2))), d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::string format_day(std::chrono::year_month_day ymd) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

/// Rolls back unless committed.
class Transaction {
  public:
    explicit Transaction(sqlite3* db) : m_db(db) { exec("BEGIN IMMEDIATE"); }
    ~Transaction() {
        if (!m_done) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() {
        exec("COMMIT");
        m_done = true;
    }

  private:
    void exec(const char* sql) {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            throw StoreError(std::string("statistics store: ") + sqlite3_errmsg(m_db));
    }
    sqlite3* m_db;
    bool m_done = false;
};

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS searches(day TEXT NOT NULL, query TEXT NOT NULL, searches INTEGER NOT NULL,
  with_hits INTEGER NOT NULL, PRIMARY KEY(day, query)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS clicks(day TEXT NOT NULL, query TEXT NOT NULL, rank INTEGER NOT NULL,
  clicks INTEGER NOT NULL, PRIMARY KEY(day, query, rank)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending(day TEXT NOT NULL, hash BLOB NOT NULL, searches INTEGER NOT NULL,
  with_hits INTEGER NOT NULL, PRIMARY KEY(day, hash)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending_clicks(day TEXT NOT NULL, hash BLOB NOT NULL, rank INTEGER NOT NULL,
  clicks INTEGER NOT NULL, PRIMARY KEY(day, hash, rank)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS day_keys(day TEXT PRIMARY KEY, key BLOB NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta(name, value) VALUES('format', '1');
)sql";

}  // namespace

std::string today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

bool is_day(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    int m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    if (m < 1 || m > 12 || d < 1) return false;
    auto ymd = std::chrono::year_month_day{std::chrono::year{std::stoi(s.substr(0, 4))},
                                           std::chrono::month{static_cast<unsigned>(m)},
                                           std::chrono::day{static_cast<unsigned>(d)}};
    return ymd.ok();
}

std::string add_days(const std::string& day, int n) {
    std::chrono::sys_days d{parse_day(day)};
    return format_day(std::chrono::year_month_day{d + std::chrono::days{n}});
}

Store::Store(StoreSettings settings, Mode mode) : m_settings(std::move(settings)) {
    init_sodium();
    int flags = mode == Mode::WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    flags |= SQLITE_OPEN_NOMUTEX;
    if (mode == Mode::WRITE) {
        // Created here rather than by SQLite (which asks for 0644): 0660
        // less the umask, so that a group may share the store (news-searchd
        // and the CGI; SQLite gives the -wal and -shm files the same mode).
        int fd = ::open(m_settings.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
        if (fd >= 0) ::close(fd);
    }
    if (sqlite3_open_v2(m_settings.path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError("statistics store " + m_settings.path + ": " + msg);
    }
    try {
        sqlite3_busy_timeout(m_db, static_cast<int>(m_settings.busy_timeout_ms));
        if (mode == Mode::WRITE) {
            // WAL: readers (news-search stats, /statistik) never block the
            // writers; NORMAL sync: a power cut may lose the last commits,
            // never corrupt the file.
            exec("PRAGMA journal_mode=WAL");
            exec("PRAGMA synchronous=NORMAL");
            // Deleted rows (the hashes and key of a compacted day) are
            // overwritten, not left in free pages.
            exec("PRAGMA secure_delete=ON");
            // Closing does not checkpoint nor delete the WAL: a CGI process
            // that wrote one batch ends at once (SQLite's auto-checkpoint at
            // 1000 pages and maintenance's truncation keep the WAL short).
            sqlite3_db_config(m_db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            int persist = 1;
            sqlite3_file_control(m_db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
            if (m_settings.max_pages > 0)
                exec(("PRAGMA max_page_count=" + std::to_string(m_settings.max_pages)).c_str());
            create_schema();
        } else {
            exec("PRAGMA query_only=1");
            wait_for_schema();
            // Fails on a file that is not a statistics store.
            Statement check(m_db, "SELECT value FROM meta WHERE name='format'");
            check.step();
        }
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

Store::~Store() {
    if (m_db) sqlite3_close(m_db);
}

void Store::fail(const std::string& what) {
    throw StoreError("statistics store " + m_settings.path + ": " + what + ": " + sqlite3_errmsg(m_db));
}

void Store::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        throw StoreError("statistics store " + m_settings.path + ": " + msg);
    }
}

void Store::wait_for_schema() {
    // A writer creates the file first and its tables a moment later (the
    // first flush of news-searchd, the first CGI search): a reader that
    // comes in between waits for them as it would for a lock.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_settings.busy_timeout_ms);
    for (;;) {
        Statement tables(m_db, "SELECT count(*) FROM sqlite_master");
        tables.step();
        if (tables.integer(0) > 0) return;
        if (std::chrono::steady_clock::now() >= deadline)
            throw StoreError("statistics store " + m_settings.path +
                             " has no tables (being created, or its writer failed while creating it)");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void Store::create_schema() {
    // Cheap when the tables are there; IMMEDIATE so that two processes
    // creating a fresh file do not race.
    Transaction tx(m_db);
    exec(kSchema);
    tx.commit();
}

std::vector<unsigned char> Store::day_key(const std::string& day) {
    if (m_key_day == day) return m_key;
    Statement get(m_db, "SELECT key FROM day_keys WHERE day=?");
    get.bind(1, day);
    std::vector<unsigned char> key;
    if (get.step()) key = get.blob(0);
    if (key.size() != kKeyBytes) {
        key.assign(kKeyBytes, 0);
        randombytes_buf(key.data(), key.size());
        Statement put(m_db, "INSERT OR REPLACE INTO day_keys(day, key) VALUES(?, ?)");
        put.bind(1, day).bind_blob(2, key).run();
    }
    m_key_day = day;
    m_key = key;
    return key;
}

void Store::maintain(const std::string& day) {
    if (!is_day(day)) throw StoreError("not a day (YYYY-MM-DD): " + day);
    if (m_maintained == day) return;
    try {
        Transaction tx(m_db);
        maintain_locked(day);
        tx.commit();
    } catch (...) {
        forget();
        throw;
    }
    checkpoint_if_compacted();
}

void Store::forget() {
    // What a rolled-back transaction wrote is not there: read it again.
    m_maintained.clear();
    m_compacted = false;
    m_key_day.clear();
    m_key.clear();
}

void Store::checkpoint_if_compacted() {
    if (!m_compacted) return;
    m_compacted = false;
    // The old pages of the deleted hashes and keys leave the WAL too. Best
    // effort: a reader in the way only delays it.
    sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

void Store::maintain_locked(const std::string& day) {
    if (m_maintained == day) return;
    {
        Statement done(m_db, "SELECT value FROM meta WHERE name='maintained'");
        if (done.step() && done.text(0) >= day) {
            m_maintained = day;
            return;
        }
    }
    // The older days' rare queries become one count per day and rank.
    exec(("INSERT INTO searches(day, query, searches, with_hits) "
          "SELECT day, '', SUM(searches), SUM(with_hits) FROM pending WHERE day < '" + day + "' GROUP BY day "
          "ON CONFLICT(day, query) DO UPDATE SET searches = searches + excluded.searches, "
          "with_hits = with_hits + excluded.with_hits").c_str());
    exec(("INSERT INTO clicks(day, query, rank, clicks) "
          "SELECT day, '', rank, SUM(clicks) FROM pending_clicks WHERE day < '" + day + "' GROUP BY day, rank "
          "ON CONFLICT(day, query, rank) DO UPDATE SET clicks = clicks + excluded.clicks").c_str());
    exec(("DELETE FROM pending WHERE day < '" + day + "'").c_str());
    exec(("DELETE FROM pending_clicks WHERE day < '" + day + "'").c_str());
    exec(("DELETE FROM day_keys WHERE day < '" + day + "'").c_str());
    // Retention: `retention_days` days, today included.
    const std::string cutoff = add_days(day, 1 - static_cast<int>(std::max(1u, m_settings.retention_days)));
    exec(("DELETE FROM searches WHERE day < '" + cutoff + "'").c_str());
    exec(("DELETE FROM clicks WHERE day < '" + cutoff + "'").c_str());
    Statement put(m_db, "INSERT OR REPLACE INTO meta(name, value) VALUES('maintained', ?)");
    put.bind(1, day).run();
    m_maintained = day;
    m_compacted = true;
}

void Store::record(const Batch& batch, const std::string& day) {
    if (!is_day(day)) throw StoreError("not a day (YYYY-MM-DD): " + day);
    try {
        record_locked(batch, day);
    } catch (...) {
        forget();
        throw;
    }
    checkpoint_if_compacted();
}

void Store::record_locked(const Batch& batch, const std::string& day) {
    Transaction tx(m_db);
    maintain_locked(day);
    if (m_key_day != day) {
        m_key_day.clear();  // another process may have made the day's key
        m_key.clear();
    }
    Statement known(m_db, "SELECT 1 FROM searches WHERE day=? AND query=?");
    Statement add_search(m_db,
                         "INSERT INTO searches(day, query, searches, with_hits) VALUES(?1, ?2, ?3, ?4) "
                         "ON CONFLICT(day, query) DO UPDATE SET searches = searches + ?3, with_hits = with_hits + ?4");
    Statement add_click(m_db,
                        "INSERT INTO clicks(day, query, rank, clicks) VALUES(?1, ?2, ?3, ?4) "
                        "ON CONFLICT(day, query, rank) DO UPDATE SET clicks = clicks + ?4");
    Statement get_pending(m_db, "SELECT searches, with_hits FROM pending WHERE day=? AND hash=?");
    Statement add_pending(m_db,
                          "INSERT INTO pending(day, hash, searches, with_hits) VALUES(?1, ?2, ?3, ?4) "
                          "ON CONFLICT(day, hash) DO UPDATE SET searches = searches + ?3, with_hits = with_hits + ?4");
    Statement add_pending_click(m_db,
                                "INSERT INTO pending_clicks(day, hash, rank, clicks) VALUES(?1, ?2, ?3, ?4) "
                                "ON CONFLICT(day, hash, rank) DO UPDATE SET clicks = clicks + ?4");
    Statement pending_clicks(m_db, "SELECT rank, clicks FROM pending_clicks WHERE day=? AND hash=?");
    Statement drop_pending(m_db, "DELETE FROM pending WHERE day=? AND hash=?");
    Statement drop_pending_clicks(m_db, "DELETE FROM pending_clicks WHERE day=? AND hash=?");

    std::vector<unsigned char> hash(kHashBytes);
    for (const auto& entry : batch) {
        // Named, not a structured binding: clang 14 (the sanitizer and fuzz
        // builds) cannot capture a binding in the lambdas below.
        const auto& query = entry.first;
        const auto& c = entry.second;
        if (query.empty()) continue;
        known.bind(1, day).bind(2, query);
        bool is_known = known.step();
        known.reset();
        auto text_clicks = [&](const std::map<unsigned, std::uint64_t>& clicks) {
            for (const auto& [rank, n] : clicks)
                add_click.bind(1, day).bind(2, query).bind(3, std::int64_t{rank}).bind(4, static_cast<std::int64_t>(n)).run();
        };
        if (is_known) {
            add_search.bind(1, day).bind(2, query).bind(3, static_cast<std::int64_t>(c.searches))
                .bind(4, static_cast<std::int64_t>(c.with_hits)).run();
            text_clicks(c.clicks);
            continue;
        }
        const std::vector<unsigned char> key = day_key(day);
        crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(query.data()),
                           query.size(), key.data(), key.size());
        std::uint64_t seen = 0, hits = 0;
        get_pending.bind(1, day).bind_blob(2, hash);
        if (get_pending.step()) {
            seen = static_cast<std::uint64_t>(get_pending.integer(0));
            hits = static_cast<std::uint64_t>(get_pending.integer(1));
        }
        get_pending.reset();
        if (seen + c.searches >= std::max(1u, m_settings.min_count)) {
            // Searched k times today: from now on counted under its text.
            add_search.bind(1, day).bind(2, query).bind(3, static_cast<std::int64_t>(seen + c.searches))
                .bind(4, static_cast<std::int64_t>(hits + c.with_hits)).run();
            std::map<unsigned, std::uint64_t> clicks = c.clicks;
            pending_clicks.bind(1, day).bind_blob(2, hash);
            while (pending_clicks.step())
                clicks[static_cast<unsigned>(pending_clicks.integer(0))] += static_cast<std::uint64_t>(pending_clicks.integer(1));
            pending_clicks.reset();
            text_clicks(clicks);
            drop_pending.bind(1, day).bind_blob(2, hash).run();
            drop_pending_clicks.bind(1, day).bind_blob(2, hash).run();
        } else {
            add_pending.bind(1, day).bind_blob(2, hash).bind(3, static_cast<std::int64_t>(c.searches))
                .bind(4, static_cast<std::int64_t>(c.with_hits)).run();
            for (const auto& [rank, n] : c.clicks)
                add_pending_click.bind(1, day).bind_blob(2, hash).bind(3, std::int64_t{rank})
                    .bind(4, static_cast<std::int64_t>(n)).run();
        }
    }
    tx.commit();
}

}  // namespace news::stats
