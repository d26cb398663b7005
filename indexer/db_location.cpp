#include "indexer/db_location.hpp"

#include "indexer/errors.hpp"
#include "schema/shard.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace news::indexer {

namespace {

constexpr std::string_view kGenPrefix = "g";

void fsync_path(const fs::path& p, int flags) {
    int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

DbLocation::DbLocation(fs::path db) : m_stub(fs::absolute(std::move(db)).lexically_normal()) {
    if (m_stub.has_filename() == false) m_stub = m_stub.parent_path();
}

fs::path DbLocation::generations_dir() const { return fs::path(m_stub.string() + ".gen"); }

fs::path DbLocation::lock_file() const { return fs::path(m_stub.string() + ".lock"); }

std::vector<fs::path> DbLocation::generations() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(generations_dir(), ec)) {
        std::string name = e.path().filename().string();
        if (e.is_directory() && name.size() == 7 && name.rfind(kGenPrefix, 0) == 0) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

fs::path DbLocation::current_generation() const {
    std::ifstream in(m_stub);
    std::string backend, target;
    if (!(in >> backend >> target)) return {};
    fs::path p(target);
    p = p.is_absolute() ? p : (m_stub.parent_path() / p).lexically_normal();
    // A sharded generation's stub names its lexicon first.
    if (p.filename() == schema::kLexiconDir && p.parent_path().parent_path() == generations_dir())
        return p.parent_path();
    return p;
}

std::vector<DbLocation::StubLine> DbLocation::stub_databases() const {
    std::vector<StubLine> out;
    std::ifstream in(m_stub);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string backend, target;
        if (!(words >> backend) || backend[0] == '#') continue;
        std::getline(words >> std::ws, target);
        if (backend == "remote") {
            out.push_back({backend, target});
            continue;
        }
        fs::path p(target);
        out.push_back({backend, (p.is_absolute() ? p : m_stub.parent_path() / p).lexically_normal().string()});
    }
    return out;
}

std::vector<fs::path> generation_databases(const fs::path& generation) {
    const fs::path lexicon = generation / schema::kLexiconDir;
    std::error_code ec;
    if (!fs::is_directory(lexicon, ec)) return {generation};
    std::vector<fs::path> shards;
    for (const auto& e : fs::directory_iterator(generation, ec))
        if (e.is_directory() && e.path().filename().string().rfind("shard-", 0) == 0) shards.push_back(e.path());
    std::sort(shards.begin(), shards.end());  // one width per generation: "shard-00" < "shard-01" < ...
    shards.insert(shards.begin(), lexicon);
    return shards;
}

unsigned generation_shards(const fs::path& generation) {
    std::vector<fs::path> dbs = generation_databases(generation);
    return dbs.size() == 1 ? 1 : static_cast<unsigned>(dbs.size() - 1);
}

fs::path DbLocation::create_generation() const {
    if (fs::is_directory(m_stub))
        throw IndexError(m_stub.string() + " is a directory (a plain Xapian database?); --db names the stub file "
                                           "this tool manages: choose another path");
    std::error_code ec;
    fs::create_directories(generations_dir(), ec);
    if (ec) throw IndexError("cannot create " + generations_dir().string() + ": " + ec.message());
    unsigned long next = 1;
    for (const fs::path& g : generations()) next = std::max<unsigned long>(next, 1ul + std::stoul(g.filename().string().substr(1)));
    char name[16];
    std::snprintf(name, sizeof name, "g%06lu", next % 1000000ul);
    fs::path gen = generations_dir() / name;
    fs::remove_all(gen, ec);
    fs::create_directory(gen, ec);
    if (ec) throw IndexError("cannot create " + gen.string() + ": " + ec.message());
    return gen;
}

void DbLocation::switch_to(const fs::path& generation) const {
    fs::path tmp = m_stub.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const fs::path& db : generation_databases(generation))
            out << "auto " << fs::relative(db, m_stub.parent_path()).string() << "\n";
        out.flush();
        if (!out)
            throw IndexError("cannot write " + tmp.string() + ": " + std::strerror(errno) + " (live index untouched)");
    }
    fsync_path(tmp, O_RDONLY);
    if (::rename(tmp.c_str(), m_stub.c_str()) != 0)
        throw IndexError("cannot switch " + m_stub.string() + ": " + std::strerror(errno) + " (live index untouched)");
    fsync_path(m_stub.parent_path(), O_RDONLY | O_DIRECTORY);
    publish_current(generation);
}

void DbLocation::publish_current(const fs::path& generation) const {
    fs::path link = current_link(), tmp = generations_dir() / (std::string(kCurrentLink) + ".tmp");
    std::error_code ec;
    fs::remove(tmp, ec);
    fs::create_directory_symlink(generation.filename(), tmp, ec);
    if (!ec) fs::rename(tmp, link, ec);  // rename(2): the old link is replaced in one step
    if (ec) {
        fs::remove(tmp, ec);
        spdlog::warn("cannot point {} at {}: {} (replicas pulling through it see the previous build)", link.string(),
                     generation.filename().string(), ec.message());
    }
}

size_t DbLocation::remove_abandoned() const {
    std::vector<fs::path> gens = generations();
    std::vector<fs::path> doomed;
    std::error_code ec;
    if (!fs::exists(m_stub, ec)) {
        doomed = gens;  // no switch ever happened: every generation is a leftover
    } else {
        fs::path current = current_generation();
        auto cur = std::find_if(gens.begin(), gens.end(), [&](const fs::path& g) { return fs::equivalent(g, current, ec); });
        if (cur == gens.end()) return 0;  // stub points elsewhere: touch nothing
        doomed.assign(cur + 1, gens.end());
    }
    size_t removed = 0;
    for (const fs::path& g : doomed) {
        fs::remove_all(g, ec);
        if (ec) {
            spdlog::warn("cannot remove unfinished generation {}: {}", g.string(), ec.message());
        } else {
            spdlog::info("removed unfinished generation {} (left by an interrupted run)", g.filename().string());
            ++removed;
        }
    }
    return removed;
}

size_t DbLocation::prune(size_t keep, std::chrono::milliseconds settle) const {
    std::vector<fs::path> gens = generations();
    fs::path current = current_generation();
    auto cur = std::find_if(gens.begin(), gens.end(), [&](const fs::path& g) {
        std::error_code ec;
        return fs::equivalent(g, current, ec);
    });
    if (cur == gens.end()) return 0;  // stub points elsewhere: touch nothing
    // Older than current: keep the newest keep-1 for readers still on them.
    // Newer than current: left by a killed run (the caller holds the lock).
    std::vector<fs::path> doomed(cur + 1, gens.end());
    size_t older = static_cast<size_t>(cur - gens.begin());
    size_t keep_older = keep > 0 ? keep - 1 : 0;
    for (size_t i = 0; i + keep_older < older; ++i) doomed.push_back(gens[i]);
    if (keep_older == 0 && older > 0 && settle.count() > 0) std::this_thread::sleep_for(settle);
    size_t removed = 0;
    for (const fs::path& g : doomed) {
        std::vector<pid_t> readers = processes_using(g);
        if (!readers.empty()) {
            spdlog::info("keeping old generation {}: still open by process {}{}", g.filename().string(), readers[0],
                         readers.size() > 1 ? " and others" : "");
            continue;
        }
        std::error_code ec;
        fs::remove_all(g, ec);
        if (ec) spdlog::warn("cannot remove old generation {}: {}", g.string(), ec.message());
        else ++removed;
    }
    return removed;
}

std::vector<pid_t> processes_using(const fs::path& dir) {
    std::vector<pid_t> out;
    const std::string prefix = dir.lexically_normal().string() + "/";
    std::error_code ec;
    for (const auto& proc : fs::directory_iterator("/proc", ec)) {
        const std::string name = proc.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::error_code fd_ec;  // processes come and go; unreadable ones are skipped
        for (const auto& fd : fs::directory_iterator(proc.path() / "fd", fd_ec)) {
            std::error_code link_ec;
            fs::path target = fs::read_symlink(fd.path(), link_ec);
            if (!link_ec && target.string().rfind(prefix, 0) == 0) {
                out.push_back(static_cast<pid_t>(std::stol(name)));
                break;
            }
        }
    }
    return out;
}

std::optional<pid_t> lock_holder(const fs::path& lock_file) {
    struct stat st {};
    if (::stat(lock_file.c_str(), &st) != 0) return std::nullopt;
    char want[64];
    std::snprintf(want, sizeof want, "%02x:%02x:%lu", major(st.st_dev), minor(st.st_dev),
                  static_cast<unsigned long>(st.st_ino));
    std::ifstream locks("/proc/locks");
    std::string line;
    while (std::getline(locks, line)) {
        std::istringstream in(line);
        std::string id, kind, mode, access, pid, dev;
        in >> id >> kind;
        if (kind == "->") continue;  // a waiter, not the holder
        if (kind != "FLOCK" || !(in >> mode >> access >> pid >> dev)) continue;
        if (dev == want) return static_cast<pid_t>(std::stol(pid));
    }
    return std::nullopt;
}

std::uintmax_t disk_usage(const fs::path& dir) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code size_ec;
        if (it->is_regular_file(size_ec)) {
            std::uintmax_t n = it->file_size(size_ec);
            if (!size_ec) total += n;
        }
    }
    return total;
}

WriterLock DbLocation::lock_for_writing() const {
    std::error_code ec;
    fs::create_directories(m_stub.parent_path(), ec);
    if (ec)
        throw IndexError("cannot create the database's directory " + m_stub.parent_path().string() + ": " +
                         ec.message());
    return WriterLock(lock_file());
}

WriterLock::WriterLock(const fs::path& lock_file) {
    m_fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw IndexError("cannot create the lock file " + lock_file.string() + " (is the database's directory "
                         "writable?): " + std::strerror(errno));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        ::close(m_fd);
        m_fd = -1;
        if (err == EWOULDBLOCK) {
            std::optional<pid_t> holder = lock_holder(lock_file);
            std::string db = lock_file.string().substr(0, lock_file.string().size() - 5);
            throw LockedError("another news-index run" + (holder ? " (process " + std::to_string(*holder) + ")" : "") +
                              " is writing " + db + "; lock " + lock_file.string() + " is held, try again later");
        }
        throw IndexError("cannot lock " + lock_file.string() + ": " + std::strerror(err));
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(m_fd, 0) == 0) (void)!::write(m_fd, pid.data(), pid.size());
}

WriterLock::~WriterLock() {
    if (m_fd >= 0) ::close(m_fd);
}

}  // namespace news::indexer
