#pragma once
/// A cluster: an index whose parts are named by a Xapian stub file, some of
/// them served over the network by the stock `xapian-tcpsrv` (`remote
/// HOST:PORT`) or a program (`remote :PROGRAM ARGS`, e.g. ssh +
/// xapian-progsrv), some local (`auto PATH`, the lexicon first).
///
/// Xapian opens such a stub itself, but then one unreachable part makes the
/// whole open throw, a broken connection stays broken and the timeouts are
/// fixed at 10 s. A Cluster opens each part on its own, with the timeouts
/// it is given, and combines those that answer: a part that fails is left
/// out (the search says so: partial) and tried again after a pause, with a
/// pause that doubles while it stays down.
///
/// @code
///   Cluster c("var/cluster.stub", {.timeout_seconds = 2});
///   Xapian::Database db = c.database();   // the parts that answer
///   ...  // a Xapian::NetworkError during a search:
///   if (c.fail(e)) db = c.database();     // without the failed part
/// @endcode
///
/// Not thread-safe (one per Searcher, like the Database).

#include <xapian.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace news::searcher {

/// One line of a stub file.
struct StubLine {
    enum class Kind { LOCAL, TCP, PROGRAM };
    Kind kind = Kind::LOCAL;
    std::string text;     ///< the line as written (names the part in messages)
    std::string path;     ///< LOCAL: the database, relative paths resolved against the stub's directory
    std::string host;     ///< TCP
    unsigned port = 0;    ///< TCP
    std::string program;  ///< PROGRAM
    std::string args;     ///< PROGRAM
};

/// The lines of the stub file at `path`; nothing when `path` is not a stub
/// file (a database directory, or missing). Throws std::runtime_error for a
/// line Xapian would not accept either.
std::vector<StubLine> read_stub(const std::string& path);

/// True when the stub names several databases or a remote one: such an
/// index is searched as a cluster, with what Xapian's remote protocol can
/// carry (no per-document table read over the network). Local shards too:
/// Xapian 1.4 hands match spies and posting sources each document with its
/// docid inside its own shard, which a table keyed by the combined docid
/// cannot use.
bool is_cluster(const std::vector<StubLine>& lines);

struct ClusterOptions {
    /// How long one message to a remote part may take, and opening it.
    double timeout_seconds = 10;
    /// The first pause before a failed part is tried again (doubling up to `max_retry_seconds`).
    double retry_seconds = 1;
    double max_retry_seconds = 30;
    /// Connections older than this are opened again before a search:
    /// xapian-tcpsrv drops idle ones after 60 s, and a new connection is
    /// what sees a part's new build.
    double reconnect_seconds = 50;
};

/// The options of a service whose searches may take `time_limit_seconds`
/// (0: none): a remote part may take half of that (10 s without a limit),
/// unless $NEWS_SHARD_TIMEOUT (seconds) says otherwise.
ClusterOptions cluster_options(double time_limit_seconds);

class Cluster {
  public:
    /// Reads the stub and opens every part it can; throws IndexUnavailable
    /// when none answers.
    Cluster(std::string stub_path, ClusterOptions options);

    /// The parts that answer, as one database (the order of the stub).
    /// Throws IndexUnavailable when none does.
    Xapian::Database database() const;

    /// A search failed with `e`: the part it names (its context) is closed,
    /// and opened again at once when the error was not a timeout (a
    /// restarted server, an idle connection the server dropped); every
    /// other remote part gets a new connection (the failed search left
    /// answers unread on them), and one that does not take it is down.
    /// Returns true: database() changed.
    bool fail(const Xapian::Error& e);

    /// Before a search: parts due for a retry (with `retry_now`: every part
    /// that is down, a health check) are tried, old connections opened
    /// again, and a changed stub read again. Returns true when database()
    /// changed.
    bool refresh(bool retry_now = false);

    /// The parts that are down (what a partial answer names): their place
    /// in the stub (1-based) and their line; and the parts in all.
    std::vector<std::pair<unsigned, std::string>> down() const;
    size_t size() const { return m_parts.size(); }

  private:
    using Clock = std::chrono::steady_clock;
    struct Part {
        StubLine line;
        std::optional<Xapian::Database> db;
        Clock::time_point opened{}, retry_at{};
        double pause = 0;
        std::string error;
    };
    void read();
    bool open(Part& p);
    void mark_down(Part& p, const std::string& why);

    std::string m_path;
    std::string m_stub_text;
    ClusterOptions m_options;
    std::vector<Part> m_parts;
};

}  // namespace news::searcher
