#include "indexer/status.hpp"

#include "indexer/db_location.hpp"
#include "indexer/index_meta.hpp"
#include "schema/schema.hpp"
#include "schema/shard.hpp"

#include <xapian.h>

#include <spdlog/fmt/chrono.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace news::indexer {

namespace {

nlohmann::json json_or_null(const std::string& text) {
    if (text.empty()) return nullptr;
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

/// Open one line of a stub on its own (so that a broken shard is named).
Xapian::Database open_line(const DbLocation::StubLine& line) {
    if (line.backend != "remote") return Xapian::Database(line.target);
    const std::string& t = line.target;
    const size_t colon = t.rfind(':');
    if (t.find(' ') == std::string::npos && colon != std::string::npos) {
        const std::string host = t.substr(0, colon);
        const unsigned port = static_cast<unsigned>(std::stoul(t.substr(colon + 1)));
        return Xapian::Remote::open(host.empty() ? "127.0.0.1" : host, port);
    }
    const size_t space = t.find(' ');
    return Xapian::Remote::open(t.substr(0, space), space == std::string::npos ? "" : t.substr(space + 1));
}

/// The shards' paths and counts, and what is inconsistent about them ("" when nothing).
std::string read_shards(const std::vector<DbLocation::StubLine>& lines, IndexStatus& s) {
    std::vector<std::string> problems;
    const bool sharded = lines.size() > 1;
    const std::string count = std::to_string(sharded ? lines.size() - 1 : 1);
    for (size_t i = 0; i < lines.size(); ++i) {
        ShardStatus one;
        one.path = lines[i].backend == "remote" ? "remote " + lines[i].target : lines[i].target;
        try {
            Xapian::Database db = open_line(lines[i]);
            one.documents = db.get_doccount();
            one.shards = db.get_metadata(std::string(schema::kMetaShards));
            one.shard = db.get_metadata(std::string(schema::kMetaShard));
        } catch (const Xapian::Error& e) {
            one.error = e.get_description();
        } catch (const std::exception& e) {
            one.error = e.what();
        }
        if (!one.error.empty()) problems.push_back("cannot open " + one.path + ": " + one.error);
        if (!sharded) {
            s.shards.push_back(one);
            break;
        }
        if (i == 0) {
            s.lexicon = one.path;
            if (!one.error.empty()) continue;
            if (one.documents != 0)
                problems.push_back("the stub's first database " + one.path + " is not a lexicon: it has " +
                                   std::to_string(one.documents) + " documents");
            if (one.shards != count)
                problems.push_back("the lexicon says " + (one.shards.empty() ? "nothing" : one.shards) +
                                   " about the number of shards, the stub lists " + count);
            continue;
        }
        if (one.error.empty() && one.shards != count)
            problems.push_back("shard " + one.path + " says it is one of " + (one.shards.empty() ? "?" : one.shards) +
                               " shards, the stub lists " + count);
        if (one.error.empty() && one.shard != std::to_string(i - 1))
            problems.push_back("shard " + one.path + " says it is shard " + (one.shard.empty() ? "?" : one.shard) +
                               ", the stub lists it as shard " + std::to_string(i - 1));
        s.shards.push_back(one);
    }
    std::string out;
    for (const std::string& p : problems) out += (out.empty() ? "" : "; ") + p;
    return out;
}

}  // namespace

IndexStatus read_status(const fs::path& db) {
    DbLocation location(db);
    IndexStatus s;
    s.db = location.stub().string();
    for (const fs::path& g : location.generations()) s.generations.push_back(g.filename().string());
    s.total_bytes = disk_usage(location.generations_dir());
    s.writer = lock_holder(location.lock_file());
    std::error_code ec;
    if (!fs::exists(location.stub(), ec)) {
        s.error = "no index at " + s.db + " (build one with: news-index build --source DIR --db " + s.db + ")";
        return s;
    }
    fs::path gen = location.current_generation();
    s.generation = gen.string();
    s.size_bytes = disk_usage(gen);
    if (const fs::path stub = location.stub() / "XAPIANDB"; fs::is_directory(location.stub(), ec) && fs::is_regular_file(stub, ec)) {
        // A replica: xapian-replicate switches its stub between two copies.
        std::ifstream in(stub);
        for (std::string line; std::getline(in, line);)
            if (line.rfind("auto ", 0) == 0) s.replica_copy = line.substr(5);
        const auto mtime = std::chrono::file_clock::to_sys(fs::last_write_time(stub, ec));
        if (!ec) s.replica_pulled_at = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(mtime));
        if (!s.replica_copy.empty()) s.size_bytes = disk_usage(location.stub() / s.replica_copy);
    }
    const std::string shard_problems = read_shards(location.stub_databases(), s);
    try {
        Xapian::Database x(location.stub().string());
        s.documents = x.get_doccount();
        s.built_at = x.get_metadata(std::string(schema::kMetaBuiltAt));
        s.updated_at = x.get_metadata(std::string(kMetaUpdatedAt));
        s.schema_version = x.get_metadata(std::string(schema::kMetaSchemaVersion));
        s.analysis = x.get_metadata(std::string(schema::kMetaAnalysis));
        std::istringstream sources(x.get_metadata(std::string(schema::kMetaSources)));
        for (std::string line; std::getline(sources, line);) s.sources.push_back(line);
        s.last_build = json_or_null(x.get_metadata(std::string(kMetaLastBuild)));
        s.last_update = json_or_null(x.get_metadata(std::string(kMetaLastUpdate)));
        s.skipped_files = count_skipped_files(x);
        s.ok = true;
        if (!shard_problems.empty()) {
            s.ok = false;
            s.error = "inconsistent shards: " + shard_problems;
        } else if (s.schema_version != schema::schema_version()) {
            s.ok = false;
            s.error = "built with schema '" + s.schema_version + "', the searcher needs '" + schema::schema_version() +
                      "': rebuild it";
        }
    } catch (const Xapian::Error& e) {
        s.error = "cannot open " + s.db + ": " + e.get_description();
        if (!shard_problems.empty()) s.error += " (" + shard_problems + ")";
    }
    return s;
}

nlohmann::json to_json(const IndexStatus& s) {
    nlohmann::json shards = nlohmann::json::array();
    for (const ShardStatus& one : s.shards)
        shards.push_back({{"path", one.path},
                          {"documents", one.documents},
                          {"error", one.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(one.error)}});
    return {{"db", s.db},
            {"ok", s.ok},
            {"error", s.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.error)},
            {"documents", s.documents},
            {"generation", s.generation},
            {"generations", s.generations},
            {"built_at", s.built_at},
            {"updated_at", s.updated_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.updated_at)},
            {"sources", s.sources},
            {"schema_version", s.schema_version},
            {"analysis", s.analysis},
            {"last_build", s.last_build},
            {"last_update", s.last_update},
            {"skipped_files", s.skipped_files},
            {"size_bytes", s.size_bytes},
            {"total_bytes", s.total_bytes},
            {"writer_pid", s.writer ? nlohmann::json(*s.writer) : nlohmann::json(nullptr)},
            {"lexicon", s.lexicon.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.lexicon)},
            {"shards", shards},
            {"replica", s.replica_copy.empty() ? nlohmann::json(nullptr)
                                               : nlohmann::json{{"copy", s.replica_copy}, {"pulled_at", s.replica_pulled_at}}}};
}

}  // namespace news::indexer
