#pragma once
/// The finer split of the parse and analyse stages of indexing (issue 15):
/// where extraction and analysis spend their time, summed per thread.
///
/// Each indexing thread adds to its own thread-local StageTimes; the
/// pipeline resets it when a worker starts and adds it to the run's
/// PipelineTimes when the worker ends. A StageLap charges the time since its
/// last mark to a stage:
///
/// @code
///   StageLap lap;
///   parse(...);      lap.to(Stage::HTML_PARSE);
///   metadata(...);   lap.to(Stage::METADATA);
/// @endcode
///
/// Two clock readings per stage and document: well under a microsecond per
/// article, against about 3 ms of CPU.

#include <array>
#include <chrono>
#include <cstddef>
#include <string_view>

namespace news::indexer {

enum class Stage : unsigned {
    // parse: extracting the articles of a file
    DECODE,      ///< empty/binary checks, encoding detection, decoding, markup repair
    HTML_PARSE,  ///< libxml2's HTML parser building the tree
    METADATA,    ///< JSON-LD, meta tags, time, breadcrumbs
    CLEAN,       ///< page furniture out (tag, role, class/id hints, link density)
    CONTAINER,   ///< choice of the article's container and lead, date lines
    TEXT,        ///< pruning, the article's block text, JSON-LD body
    FIELDS,      ///< url, lead, author, dates, regions and topics, NFC
    XML,         ///< the archive format, RSS, Atom (all of it)
    // analyse: turning an article into a Xapian document
    PREPARE,     ///< gender forms normalised in each text field
    TERMS,       ///< Xapian's TermGenerator: tokens, stems, positions
    WORDS,       ///< compound parts, feminine-plural bases, spelling words
    DUPKEY,      ///< the near-duplicate key
    DATA,        ///< boolean terms, values and the stored document data
    COUNT
};

inline constexpr size_t kStageCount = static_cast<size_t>(Stage::COUNT);

/// JSON key and log name of a stage ("decode", "html_parse", ...).
std::string_view stage_name(Stage s);

/// True for the stages that make up "parse" (the rest make up "analyse").
inline bool is_parse_stage(Stage s) { return s < Stage::PREPARE; }

/// Seconds per stage.
struct StageTimes {
    std::array<double, kStageCount> seconds{};
    double& operator[](Stage s) { return seconds[static_cast<size_t>(s)]; }
    double operator[](Stage s) const { return seconds[static_cast<size_t>(s)]; }
    StageTimes& operator+=(const StageTimes& o) {
        for (size_t i = 0; i < kStageCount; ++i) seconds[i] += o.seconds[i];
        return *this;
    }
};

/// The calling thread's running sums.
StageTimes& thread_stage_times();

/// Charges the time since construction or the last mark to a stage of the
/// calling thread's StageTimes.
class StageLap {
  public:
    using Clock = std::chrono::steady_clock;
    StageLap() : m_mark(Clock::now()) {}
    void to(Stage s) {
        const Clock::time_point now = Clock::now();
        thread_stage_times()[s] += std::chrono::duration<double>(now - m_mark).count();
        m_mark = now;
    }
    /// Start a new lap without charging the time since the last mark.
    void restart() { m_mark = Clock::now(); }

  private:
    Clock::time_point m_mark;
};

}  // namespace news::indexer
