#include "indexer/pipeline.hpp"

#include "indexer/errors.hpp"
#include "schema/decompounder.hpp"
#include "schema/schema.hpp"

#include <libxml/parser.h>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace news::indexer {

std::vector<SourceFile> scan_sources(const std::vector<fs::path>& sources) {
    if (sources.empty()) throw IndexError("no --source given");
    std::vector<SourceFile> files;
    for (const fs::path& src : sources) {
        std::error_code ec;
        auto status = fs::status(src, ec);
        if (ec || !fs::exists(status)) throw IndexError("source not found: " + src.string());
        if (fs::is_regular_file(status)) {
            files.push_back({std::make_shared<const fs::path>(src.parent_path()), src.filename().string()});
            continue;
        }
        if (!fs::is_directory(status)) throw IndexError("source is neither a directory nor a file: " + src.string());
        auto root = std::make_shared<const fs::path>(src);
        fs::recursive_directory_iterator it(src, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) throw IndexError("cannot read source " + src.string() + ": " + ec.message());
        for (; it != end; it.increment(ec)) {
            if (ec) {
                spdlog::warn("cannot read below {}: {}", src.string(), ec.message());
                ec.clear();
                continue;
            }
            const fs::path& p = it->path();
            if (it->is_directory() && p.filename().string().rfind('.', 0) == 0) {
                it.disable_recursion_pending();  // hidden directories (.git, .cache)
                continue;
            }
            if (!it->is_regular_file() || !is_indexable(p)) continue;
            files.push_back({root, p.lexically_relative(src).generic_string()});
        }
    }
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
        return a.relpath != b.relpath ? a.relpath < b.relpath : *a.root < *b.root;
    });
    return files;
}

std::string source_key(const fs::path& file) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(file, ec);
    return (ec ? fs::absolute(file) : p).string();
}

std::string source_term(const std::string& key) { return schema::make_term(schema::kSourcePrefix, key); }

Analysis load_analysis(schema::AnalysisProfile profile) {
    Analysis a;
    a.profile = profile;
    if (profile != schema::AnalysisProfile::FULL) return a;
    a.compounds = schema::Decompounder::load(schema::Decompounder::default_paths());
    if (a.compounds->size() == 0)
        spdlog::warn("no German word list found (install hunspell-de-de and wngerman): compounds are not split");
    else
        spdlog::debug("compound word list: {} words, {} plural umlaut stems", a.compounds->size(),
                      a.compounds->umlaut_folds()->size());
    a.folds = a.compounds->umlaut_folds();
    return a;
}

namespace {

/// A file's outcome waiting in the ring for the consumer.
struct Slot {
    bool ready = false;
    FileOutcome outcome;
};

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

FileOutcome read_and_analyse(const SourceFile& file, DocumentBuilder& builder, PipelineTimes& times) {
    FileOutcome out;
    auto t0 = Clock::now();
    const fs::path path = file.path();
    FileBytes fb = read_source_file(path);
    out.stamp = std::move(fb.stamp);
    out.key = source_key(path);
    auto t1 = Clock::now();
    times.read += std::chrono::duration<double>(t1 - t0).count();
    if (!fb.error.empty()) {
        out.error = std::move(fb.error);
        return out;
    }
    ReadResult parsed = parse_article_bytes(fb.bytes, path, file.relpath);
    auto t2 = Clock::now();
    times.parse += std::chrono::duration<double>(t2 - t1).count();
    if (!parsed.ok()) {
        out.error = std::move(parsed.error);
        return out;
    }
    for (const Article& a : parsed.articles) {
        try {
            out.docs.push_back(builder.build(a, out.key));
        } catch (const Xapian::Error& e) {
            out.error = "cannot analyse: " + e.get_msg();
            out.docs.clear();
            break;
        }
    }
    times.analyse += since(t2);
    return out;
}

}  // namespace

double run_pipeline(const std::vector<SourceFile>& files, unsigned threads, const Analysis& analysis,
                    const OutcomeSink& sink, PipelineTimes* times) {
    xmlInitParser();
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    const size_t window = 64 * threads;  // files parsed ahead of the consumer: bounds memory
    std::vector<Slot> slots(window);     // ring: file i lives in slots[i % window]
    std::mutex mu;
    std::condition_variable produced, consumed;
    std::atomic<size_t> next{0};
    size_t taken = 0;  // files handed to the sink; guarded by mu
    PipelineTimes total;  // guarded by mu
    std::atomic<bool> stop{false};

    auto worker = [&] {
        DocumentBuilder builder(analysis.profile, analysis.compounds, analysis.folds);
        PipelineTimes mine;
        thread_stage_times() = StageTimes{};
        while (!stop) {
            size_t i = next++;
            if (i >= files.size()) break;
            {
                std::unique_lock lk(mu);
                consumed.wait(lk, [&] { return i < taken + window || stop; });
                if (stop) break;
            }
            FileOutcome out = read_and_analyse(files[i], builder, mine);
            {
                std::lock_guard lk(mu);
                slots[i % window] = Slot{true, std::move(out)};
            }
            produced.notify_all();
        }
        mine.stages = thread_stage_times();
        std::lock_guard lk(mu);
        total += mine;
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads && t < files.size(); ++t) pool.emplace_back(worker);
    auto join_all = [&] {
        for (auto& t : pool) t.join();
    };

    try {
        for (size_t i = 0; i < files.size(); ++i) {
            Slot s;
            {
                std::unique_lock lk(mu);
                produced.wait(lk, [&] { return slots[i % window].ready; });
                s = std::move(slots[i % window]);
                slots[i % window] = Slot{};
                taken = i + 1;
            }
            consumed.notify_all();
            sink(i, s.outcome);
        }
    } catch (...) {
        {
            std::lock_guard lk(mu);
            stop = true;
        }
        consumed.notify_all();
        join_all();
        throw;
    }
    join_all();
    if (times) *times = total;
    return total.read + total.parse + total.analyse;
}

void run_sliced(const std::vector<SourceFile>& files, unsigned slices, const Analysis& analysis, const SliceSink& sink,
                PipelineTimes* times, std::atomic<size_t>* files_done,
                const std::function<void(unsigned slice)>& finish) {
    xmlInitParser();
    slices = std::max(1u, slices);
    std::mutex mu;
    PipelineTimes total;        // guarded by mu
    std::exception_ptr failure;  // the first sink or worker error; guarded by mu
    std::atomic<bool> stop{false};
    auto worker = [&](unsigned slice) {
        const size_t begin = files.size() * slice / slices, end = files.size() * (slice + 1) / slices;
        PipelineTimes mine;
        thread_stage_times() = StageTimes{};
        try {
            DocumentBuilder builder(analysis.profile, analysis.compounds, analysis.folds);
            for (size_t i = begin; i < end && !stop; ++i) {
                FileOutcome out = read_and_analyse(files[i], builder, mine);
                sink(slice, i, out);
                if (files_done) ++*files_done;
            }
            if (finish && !stop) finish(slice);
        } catch (...) {
            stop = true;
            std::lock_guard lk(mu);
            if (!failure) failure = std::current_exception();
        }
        mine.stages = thread_stage_times();
        std::lock_guard lk(mu);
        total += mine;
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < slices; ++t) pool.emplace_back(worker, t);
    for (auto& t : pool) t.join();
    if (times) *times = total;
    if (failure) std::rethrow_exception(failure);
}

}  // namespace news::indexer
