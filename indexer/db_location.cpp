#include "indexer/db_location.hpp"

#include "indexer/errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
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
    return p.is_absolute() ? p : (m_stub.parent_path() / p).lexically_normal();
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
    fs::path rel = fs::relative(generation, m_stub.parent_path());
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "auto " << rel.string() << "\n";
        out.flush();
        if (!out) throw IndexError("cannot write " + tmp.string() + ": " + std::strerror(errno));
    }
    fsync_path(tmp, O_RDONLY);
    if (::rename(tmp.c_str(), m_stub.c_str()) != 0)
        throw IndexError("cannot switch " + m_stub.string() + ": " + std::strerror(errno));
    fsync_path(m_stub.parent_path(), O_RDONLY | O_DIRECTORY);
}

size_t DbLocation::prune(size_t keep) const {
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
    size_t removed = 0;
    for (const fs::path& g : doomed) {
        std::error_code ec;
        fs::remove_all(g, ec);
        if (ec) spdlog::warn("cannot remove old generation {}: {}", g.string(), ec.message());
        else ++removed;
    }
    return removed;
}

WriterLock::WriterLock(const fs::path& lock_file) {
    m_fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) throw IndexError("cannot open lock " + lock_file.string() + ": " + std::strerror(errno));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        ::close(m_fd);
        m_fd = -1;
        if (err == EWOULDBLOCK)
            throw LockedError("another news-index run is writing " + lock_file.string().substr(0, lock_file.string().size() - 5) +
                              " (lock " + lock_file.string() + " is held)");
        throw IndexError("cannot lock " + lock_file.string() + ": " + std::strerror(err));
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(m_fd, 0) == 0) (void)!::write(m_fd, pid.data(), pid.size());
}

WriterLock::~WriterLock() {
    if (m_fd >= 0) ::close(m_fd);
}

}  // namespace news::indexer
