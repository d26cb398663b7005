#include "searcher/cluster.hpp"

#include "schema/schema.hpp"
#include "searcher/search_types.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace news::searcher {

namespace fs = std::filesystem;

namespace {

/// The stub file that `path` names: itself, or a directory's XAPIANDB (as
/// xapian-replicate writes it); empty when it is neither.
fs::path stub_file(const std::string& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return path;
    if (fs::is_directory(path, ec) && fs::is_regular_file(fs::path(path) / "XAPIANDB", ec))
        return fs::path(path) / "XAPIANDB";
    return {};
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<StubLine> parse_stub(const std::string& text, const fs::path& dir) {
    std::vector<StubLine> out;
    std::istringstream in(text);
    std::string raw;
    while (std::getline(in, raw)) {
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.find_first_of(" \t");
        const std::string type = line.substr(0, space);
        const std::string rest = space == std::string::npos ? std::string() : trim(line.substr(space));
        StubLine l;
        l.text = line;
        if (type == "auto" || type == "glass" || type == "chert") {
            if (rest.empty()) throw std::runtime_error("stub line '" + line + "' names no database");
            l.kind = StubLine::Kind::LOCAL;
            fs::path p(rest);
            l.path = (p.is_absolute() ? p : dir / p).string();
        } else if (type == "remote") {
            if (!rest.empty() && rest[0] == ':') {
                l.kind = StubLine::Kind::PROGRAM;
                const auto sp = rest.find_first_of(" \t");
                l.program = rest.substr(1, sp == std::string::npos ? std::string::npos : sp - 1);
                l.args = sp == std::string::npos ? std::string() : trim(rest.substr(sp));
                if (l.program.empty()) throw std::runtime_error("stub line '" + line + "' names no program");
            } else {
                l.kind = StubLine::Kind::TCP;
                const auto colon = rest.rfind(':');
                if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
                    throw std::runtime_error("stub line '" + line + "' is not 'remote HOST:PORT'");
                l.host = rest.substr(0, colon);
                const std::string port = rest.substr(colon + 1);
                if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
                    std::stoul(port) == 0 || std::stoul(port) > 65535)
                    throw std::runtime_error("stub line '" + line + "' has no valid port");
                l.port = static_cast<unsigned>(std::stoul(port));
            }
        } else {
            throw std::runtime_error("stub line '" + line + "': unknown database type '" + type + "'");
        }
        out.push_back(std::move(l));
    }
    return out;
}

/// What Xapian names a remote part in its errors' context.
std::string context_of(const StubLine& l) {
    if (l.kind == StubLine::Kind::TCP) return "remote:tcp(" + l.host + ":" + std::to_string(l.port) + ")";
    if (l.kind == StubLine::Kind::PROGRAM) return "remote:prog(" + l.program + " " + l.args;
    return {};
}

}  // namespace

std::vector<StubLine> read_stub(const std::string& path) {
    const fs::path file = stub_file(path);
    if (file.empty()) return {};
    return parse_stub(read_text(file), file.parent_path());
}

bool is_cluster(const std::vector<StubLine>& lines) {
    return lines.size() > 1 || std::any_of(lines.begin(), lines.end(), [](const StubLine& l) { return l.kind != StubLine::Kind::LOCAL; });
}

ClusterOptions cluster_options(double time_limit_seconds) {
    ClusterOptions o;
    o.timeout_seconds = time_limit_seconds > 0 ? std::clamp(time_limit_seconds / 2, 0.1, 10.0) : 10.0;
    if (const char* env = std::getenv("NEWS_SHARD_TIMEOUT")) {
        char* end = nullptr;
        const double v = std::strtod(env, &end);
        if (end != env && *end == '\0' && v > 0 && v <= 3600) o.timeout_seconds = v;
        else spdlog::warn("NEWS_SHARD_TIMEOUT='{}' is not a number of seconds; using {} s", env, o.timeout_seconds);
    }
    return o;
}

Cluster::Cluster(std::string stub_path, ClusterOptions options) : m_path(std::move(stub_path)), m_options(options) {
    read();
    database();  // throws when no part answers
}

void Cluster::read() {
    const fs::path file = stub_file(m_path);
    if (file.empty()) throw IndexUnavailable("cluster file " + m_path + " not found");
    m_stub_text = read_text(file);
    std::vector<StubLine> lines;
    try {
        lines = parse_stub(m_stub_text, file.parent_path());
    } catch (const std::exception& e) {
        throw IndexUnavailable("cluster file " + m_path + ": " + e.what());
    }
    if (lines.empty()) throw IndexUnavailable("cluster file " + m_path + " names no database");
    if (lines.front().kind != StubLine::Kind::LOCAL && lines.size() > 1)
        spdlog::warn("cluster {}: the first line is not a local database: 'did you mean' and completions need the "
                     "index's lexicon there (auto PATH/lexicon), Xapian does not serve spelling tables remotely",
                     m_path);
    m_parts.clear();
    for (StubLine& l : lines) {
        Part p;
        p.line = std::move(l);
        open(p);
        m_parts.push_back(std::move(p));
    }
    // Parts of two different builds answer as one index only by accident.
    std::string first;
    for (const Part& p : m_parts) {
        if (!p.db) continue;
        std::string built;
        try {
            built = p.db->get_metadata(std::string(schema::kMetaBuiltAt));
        } catch (const Xapian::Error&) {
        }
        if (first.empty()) first = built;
        else if (!built.empty() && built != first)
            spdlog::warn("cluster {}: '{}' was built at {}, the first part at {}: the parts are of different builds",
                         m_path, p.line.text, built, first);
    }
}

bool Cluster::open(Part& p) {
    const auto ms = static_cast<useconds_t>(std::lround(std::max(0.001, m_options.timeout_seconds) * 1000));
    try {
        switch (p.line.kind) {
            case StubLine::Kind::LOCAL: p.db = Xapian::Database(p.line.path); break;
            case StubLine::Kind::TCP: p.db = Xapian::Remote::open(p.line.host, p.line.port, ms, ms); break;
            case StubLine::Kind::PROGRAM: p.db = Xapian::Remote::open(p.line.program, p.line.args, ms); break;
        }
        if (!p.error.empty()) spdlog::info("cluster {}: '{}' answers again", m_path, p.line.text);
        p.opened = Clock::now();
        p.pause = 0;
        p.error.clear();
        return true;
    } catch (const Xapian::Error& e) {
        mark_down(p, e.get_description());
        return false;
    }
}

void Cluster::mark_down(Part& p, const std::string& why) {
    const bool was_up = p.error.empty();
    p.db.reset();
    p.pause = p.pause == 0 ? m_options.retry_seconds : std::min(p.pause * 2, m_options.max_retry_seconds);
    p.retry_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(p.pause));
    p.error = why.empty() ? "failed" : why;
    if (was_up) spdlog::warn("cluster {}: '{}' is down ({}); searching without it", m_path, p.line.text, p.error);
}

Xapian::Database Cluster::database() const {
    Xapian::Database db;
    size_t up = 0;
    for (const Part& p : m_parts)
        if (p.db) db.add_database(*p.db), ++up;
    // Parts without documents (the lexicon) are no answer on their own.
    if (up == 0 || (up < m_parts.size() && db.get_doccount() == 0)) {
        std::string why;
        for (const Part& p : m_parts)
            if (!p.db) why += (why.empty() ? "" : "; ") + p.line.text + ": " + p.error;
        throw IndexUnavailable("no shard of cluster " + m_path + " answers (" + why + ")");
    }
    return db;
}

bool Cluster::fail(const Xapian::Error& e) {
    const std::string context = e.get_context();
    const bool timeout = std::string(e.get_type()) == "NetworkTimeoutError";
    // The part the error names: down, and back at once unless it was too
    // slow (a restarted server, an idle connection the server dropped).
    for (Part& p : m_parts) {
        const std::string c = context_of(p.line);
        if (!p.db || c.empty() || context.rfind(c, 0) != 0) continue;
        mark_down(p, e.get_description());
        if (!timeout) open(p);
    }
    // A search that failed half-way leaves the other connections with
    // answers unread: every remote part gets a new one (a part that does
    // not take it is down too).
    for (Part& p : m_parts)
        if (p.db && p.line.kind != StubLine::Kind::LOCAL) open(p);
    return true;
}

bool Cluster::refresh(bool retry_now) {
    const fs::path file = stub_file(m_path);
    if (!file.empty() && read_text(file) != m_stub_text) {
        read();
        return true;
    }
    bool changed = false;
    const auto now = Clock::now();
    const auto old = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_options.reconnect_seconds));
    for (Part& p : m_parts) {
        if (!p.db && (retry_now || now >= p.retry_at)) changed |= open(p);
        else if (p.db && p.line.kind != StubLine::Kind::LOCAL && now - p.opened >= old) {
            open(p);  // its old connection goes when the last handle on it does
            changed = true;
        }
    }
    return changed;
}

std::vector<std::pair<unsigned, std::string>> Cluster::down() const {
    std::vector<std::pair<unsigned, std::string>> out;
    for (size_t i = 0; i < m_parts.size(); ++i)
        if (!m_parts[i].db) out.emplace_back(static_cast<unsigned>(i + 1), m_parts[i].line.text);
    return out;
}

}  // namespace news::searcher
