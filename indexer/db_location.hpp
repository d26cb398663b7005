#pragma once
/// Where a database lives on disk and how a new one replaces it atomically.
///
/// `--db PATH` names a Xapian stub file. Each build writes a fresh
/// generation directory `PATH.gen/gNNNNNN`, then renames a new stub into
/// place, so every reader opening PATH gets a complete index, old or new.
/// Older generations are removed, keeping the newest few. A lock file
/// `PATH.lock` (flock, released by the kernel when a writer dies) admits one
/// writer at a time.

#include <filesystem>
#include <string>
#include <vector>

namespace news::indexer {

class DbLocation {
  public:
    explicit DbLocation(std::filesystem::path db);

    const std::filesystem::path& stub() const { return m_stub; }
    std::filesystem::path generations_dir() const;
    std::filesystem::path lock_file() const;

    /// Existing generation directories, oldest first.
    std::vector<std::filesystem::path> generations() const;

    /// The generation the stub points to (empty when there is none yet).
    std::filesystem::path current_generation() const;

    /// Create the directory for the next generation.
    std::filesystem::path create_generation() const;

    /// Point the stub at `generation` (atomic rename, fsynced).
    void switch_to(const std::filesystem::path& generation) const;

    /// Keep the current generation and the `keep`-1 before it; remove older ones
    /// and any newer one (left by a killed run). Call with the writer lock held.
    /// Returns how many were removed.
    size_t prune(size_t keep) const;

  private:
    std::filesystem::path m_stub;
};

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

}  // namespace news::indexer
