#pragma once
/// A one-line progress bar on a terminal: files, rate, ETA.

#include <chrono>
#include <cstdio>

namespace news::indexer {

class ProgressBar {
  public:
    /// Draws only when `enabled` (a terminal, not --quiet, not JSON output).
    explicit ProgressBar(bool enabled, std::FILE* out = stderr);
    void update(size_t done, size_t total, size_t articles);
    /// Clear the line.
    void finish();

  private:
    bool m_enabled;
    bool m_drawn = false;
    std::FILE* m_out;
    std::chrono::steady_clock::time_point m_start;
};

}  // namespace news::indexer
