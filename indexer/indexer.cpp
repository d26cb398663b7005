#include "indexer/indexer.hpp"

#include "indexer/db_location.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/errors.hpp"
#include "indexer/file_reader.hpp"
#include "schema/decompounder.hpp"
#include "schema/schema.hpp"

#include <libxml/parser.h>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace news::indexer {

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string now_iso() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// One file's outcome, produced by a parsing thread, consumed in order by the writer.
struct Slot {
    bool ready = false;
    std::string error;
    std::vector<BuiltDocument> docs;
    std::uintmax_t bytes = 0;
};

std::string source_key(const fs::path& file) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(file, ec);
    return (ec ? fs::absolute(file) : p).string();
}

}  // namespace

std::vector<SourceFile> scan_sources(const std::vector<fs::path>& sources) {
    if (sources.empty()) throw IndexError("no --source given");
    std::vector<SourceFile> files;
    for (const fs::path& src : sources) {
        std::error_code ec;
        auto status = fs::status(src, ec);
        if (ec || !fs::exists(status)) throw IndexError("source not found: " + src.string());
        if (fs::is_regular_file(status)) {
            files.push_back({src, src.filename().string()});
            continue;
        }
        if (!fs::is_directory(status)) throw IndexError("source is neither a directory nor a file: " + src.string());
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
            files.push_back({p, p.lexically_relative(src).generic_string()});
        }
    }
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
        return a.relpath != b.relpath ? a.relpath < b.relpath : a.path < b.path;
    });
    return files;
}

BuildStats build(const BuildOptions& options, const ProgressFn& progress) {
    const auto start = Clock::now();
    BuildStats stats;
    DbLocation location(options.db);
    fs::create_directories(location.stub().parent_path());
    WriterLock lock(location.lock_file());

    std::vector<SourceFile> files = scan_sources(options.sources);
    stats.files = files.size();
    spdlog::info("found {} files to index in {} source(s)", files.size(), options.sources.size());

    fs::path gen = location.create_generation();
    stats.generation = gen.string();
    Xapian::WritableDatabase db;
    try {
        db = Xapian::WritableDatabase(gen.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot create database " + gen.string() + ": " + e.get_msg());
    }

    xmlInitParser();
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const size_t window = 64 * threads;  // files parsed ahead of the writer: bounds memory
    std::vector<Slot> slots(window);  // ring: file i lives in slots[i % window]
    std::mutex mu;
    std::condition_variable produced, consumed;
    std::atomic<size_t> next{0};
    size_t written = 0;  // guarded by mu
    std::atomic<double> parse_seconds{0};
    std::atomic<bool> stop{false};

    std::shared_ptr<const schema::Decompounder> compounds;
    if (options.analysis == schema::AnalysisProfile::FULL) {
        compounds = schema::Decompounder::load(schema::Decompounder::default_paths());
        if (compounds->size() == 0)
            spdlog::warn("no German word list found (install hunspell-de-de and wngerman): compounds are not split");
        else
            spdlog::debug("compound word list: {} words", compounds->size());
    }
    auto worker = [&] {
        DocumentBuilder builder(options.analysis, compounds);
        double busy = 0;
        while (!stop) {
            size_t i = next++;
            if (i >= files.size()) break;
            {
                std::unique_lock lk(mu);
                consumed.wait(lk, [&] { return i < written + window || stop; });
                if (stop) break;
            }
            auto t0 = Clock::now();
            Slot s;
            FileRead fr = read_article_file(files[i].path, files[i].relpath);
            s.bytes = fr.stamp.size;
            if (!fr.result.ok()) {
                s.error = fr.result.error;
            } else {
                std::string key = source_key(files[i].path);
                for (const Article& a : fr.result.articles) {
                    try {
                        s.docs.push_back(builder.build(a, fr.stamp, key));
                    } catch (const Xapian::Error& e) {
                        s.error = "cannot analyse: " + e.get_msg();
                        s.docs.clear();
                        break;
                    }
                }
            }
            busy += std::chrono::duration<double>(Clock::now() - t0).count();
            {
                std::lock_guard lk(mu);
                s.ready = true;
                slots[i % window] = std::move(s);
            }
            produced.notify_all();
        }
        double cur = parse_seconds.load();
        while (!parse_seconds.compare_exchange_weak(cur, cur + busy)) {
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);

    auto last_progress = Clock::now();
    try {
        for (size_t i = 0; i < files.size(); ++i) {
            Slot s;
            {
                std::unique_lock lk(mu);
                produced.wait(lk, [&] { return slots[i % window].ready; });
                s = std::move(slots[i % window]);
                slots[i % window] = Slot{};
            }
            auto t0 = Clock::now();
            stats.bytes += s.bytes;
            if (!s.error.empty()) {
                spdlog::warn("skipped {}: {}", files[i].path.string(), s.error);
                stats.skipped.push_back({files[i].path.string(), s.error});
            } else {
                ++stats.files_indexed;
                for (BuiltDocument& d : s.docs) {
                    db.replace_document(d.id_term, d.doc);
                    for (const std::string& w : d.spelling) db.add_spelling(w);
                    ++stats.articles;
                }
            }
            stats.write_seconds += since(t0);
            {
                std::lock_guard lk(mu);
                written = i + 1;
            }
            consumed.notify_all();
            if (progress && since(last_progress) > 0.2) {
                progress(i + 1, files.size(), stats.articles);
                last_progress = Clock::now();
            }
        }
    } catch (...) {
        stop = true;
        consumed.notify_all();
        for (auto& t : pool) t.join();
        try {
            db.close();
        } catch (const Xapian::Error&) {
        }
        std::error_code ec;
        fs::remove_all(gen, ec);  // the live index was never touched
        throw;
    }
    for (auto& t : pool) t.join();
    stats.read_parse_seconds = parse_seconds.load();
    if (progress) progress(files.size(), files.size(), stats.articles);

    auto t0 = Clock::now();
    if (stats.articles == 0) {
        db.close();
        fs::remove_all(gen);
        throw IndexError("nothing indexed (" + std::to_string(stats.files) + " files found, " +
                         std::to_string(stats.skipped.size()) + " skipped): live index left untouched");
    }
    std::string sources;
    for (const fs::path& s : options.sources) {
        if (!sources.empty()) sources += '\n';
        sources += fs::absolute(s).lexically_normal().string();
    }
    db.set_metadata(std::string(schema::kMetaSchemaVersion), schema::schema_version());
    db.set_metadata(std::string(schema::kMetaAnalysis), std::string(schema::to_string(options.analysis)));
    db.set_metadata(std::string(schema::kMetaBuiltAt), now_iso());
    db.set_metadata(std::string(schema::kMetaSources), sources);
    try {
        db.commit();
        stats.doccount = db.get_doccount();
        db.close();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot write database " + gen.string() + ": " + e.get_msg() + " (live index untouched)");
    }
    location.switch_to(gen);
    size_t pruned = location.prune(options.keep_generations);
    stats.commit_seconds = since(t0);
    spdlog::info("switched {} to {} ({} documents), removed {} old generation(s)", location.stub().string(),
                 gen.filename().string(), stats.doccount, pruned);
    stats.seconds = since(start);
    return stats;
}

}  // namespace news::indexer
