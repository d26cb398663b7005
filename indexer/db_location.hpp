#pragma once
/// Where a database lives on disk and how a new one replaces it atomically.
///
/// `--db PATH` names a Xapian stub file. Each build writes a fresh
/// generation directory `PATH.gen/gNNNNNN`, then renames a new stub into
/// place, so every reader opening PATH gets a complete index, old or new.
/// Older generations are removed, keeping the newest few, and never one a
/// process on this host still has open. A lock file `PATH.lock` (flock,
/// released by the kernel when a writer dies) admits one writer at a time.
///
/// A run killed at any moment leaves at most a generation newer than the one
/// the stub names; the next writer removes it (remove_abandoned()).
///
/// A sharded generation (schema/shard.hpp) is a directory of databases,
/// `lexicon` and `shard-NN`; its stub lists each of them, the lexicon first.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace news::indexer {

/// An exclusive, non-blocking writer lock; throws LockedError when taken.
class WriterLock {
  public:
    explicit WriterLock(const std::filesystem::path& lock_file);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

  private:
    int m_fd = -1;
};

class DbLocation {
  public:
    explicit DbLocation(std::filesystem::path db);

    const std::filesystem::path& stub() const { return m_stub; }
    std::filesystem::path generations_dir() const;
    std::filesystem::path lock_file() const;

    /// Create the database's directory when needed and take the writer lock
    /// (IndexError when the directory cannot be made, LockedError when taken).
    WriterLock lock_for_writing() const;

    /// Existing generation directories, oldest first.
    std::vector<std::filesystem::path> generations() const;

    /// The generation the stub points to (empty when there is none yet).
    std::filesystem::path current_generation() const;

    /// Create the directory for the next generation.
    std::filesystem::path create_generation() const;

    /// Point the stub at `generation` (atomic rename, fsynced): one line for
    /// a single database, the lexicon's and then every shard's for a sharded
    /// one (generation_databases()). Then the link current_link() too.
    void switch_to(const std::filesystem::path& generation) const;

    /// `PATH.gen/current`, a symbolic link to the generation the stub names:
    /// the stable name under which xapian-replicate-server hands each database
    /// of a sharded build to replicas (docs/cluster.md). Not a generation.
    std::filesystem::path current_link() const { return generations_dir() / kCurrentLink; }
    static constexpr const char* kCurrentLink = "current";

    /// One line of a stub: "auto" (or another local backend) and the
    /// database's absolute path, or "remote" and what follows it.
    struct StubLine {
        std::string backend;
        std::string target;
    };

    /// The databases the stub lists, in its order (empty when there is none).
    std::vector<StubLine> stub_databases() const;

    /// Remove generations newer than the current one (all of them when there is
    /// no stub yet): a killed run left them. Call with the writer lock held.
    /// Returns how many were removed.
    size_t remove_abandoned() const;

    /// Keep the current generation and the `keep`-1 before it; remove older ones
    /// and any newer one (left by a killed run). A generation that a process
    /// still has open is kept for a later run. When the generation just
    /// replaced is to go (keep 1), wait `settle` first, so that a reader that
    /// read the old stub a moment ago has opened its files and is seen.
    /// Call with the writer lock held. Returns how many were removed.
    size_t prune(size_t keep, std::chrono::milliseconds settle = std::chrono::milliseconds(1000)) const;

  private:
    /// Replace current_link() by a link to `generation`; a failure is a warning
    /// (the switch itself is done).
    void publish_current(const std::filesystem::path& generation) const;

    std::filesystem::path m_stub;
};

/// The databases of a generation in stub order: `generation` itself for a
/// single index; `lexicon`, then `shard-00`, `shard-01`, ... for a sharded one.
std::vector<std::filesystem::path> generation_databases(const std::filesystem::path& generation);

/// Number of shards of a generation: 1 for a single database, else the
/// number of its shard directories.
unsigned generation_shards(const std::filesystem::path& generation);

/// Processes on this host with a file below `dir` open (from /proc/PID/fd;
/// processes of other users are invisible unless we run as root).
std::vector<pid_t> processes_using(const std::filesystem::path& dir);

/// The process holding the flock on `lock_file`, from /proc/locks (none when
/// the lock is free or the file does not exist). Never takes the lock itself.
std::optional<pid_t> lock_holder(const std::filesystem::path& lock_file);

/// Bytes of the regular files below `dir` (0 when it does not exist).
std::uintmax_t disk_usage(const std::filesystem::path& dir);


}  // namespace news::indexer
