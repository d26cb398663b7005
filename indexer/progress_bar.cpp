#include "indexer/progress_bar.hpp"

#include <string>

namespace news::indexer {

ProgressBar::ProgressBar(bool enabled, std::FILE* out)
    : m_enabled(enabled), m_out(out), m_start(std::chrono::steady_clock::now()) {}

void ProgressBar::update(size_t done, size_t total, size_t articles) {
    if (!m_enabled || total == 0) return;
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(kWidth * static_cast<double>(done) / static_cast<double>(total));
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '-');
    std::fprintf(m_out, "\r[%s] %zu/%zu files, %zu articles, %.0f files/s, ETA %.0f s\x1b[K", bar.c_str(), done, total,
                 articles, rate, eta);
    std::fflush(m_out);
    m_drawn = true;
}

void ProgressBar::finish() {
    if (m_drawn) std::fprintf(m_out, "\r\x1b[K");
    m_drawn = false;
}

}  // namespace news::indexer
