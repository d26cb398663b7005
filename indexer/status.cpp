#include "indexer/status.hpp"

#include "indexer/db_location.hpp"
#include "indexer/index_meta.hpp"
#include "schema/schema.hpp"

#include <xapian.h>

#include <sstream>

namespace fs = std::filesystem;

namespace news::indexer {

namespace {

nlohmann::json json_or_null(const std::string& text) {
    if (text.empty()) return nullptr;
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json(nullptr) : j;
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
        if (s.schema_version != schema::schema_version()) {
            s.ok = false;
            s.error = "built with schema '" + s.schema_version + "', the searcher needs '" + schema::schema_version() +
                      "': rebuild it";
        }
    } catch (const Xapian::Error& e) {
        s.error = "cannot open " + s.db + ": " + e.get_description();
    }
    return s;
}

nlohmann::json to_json(const IndexStatus& s) {
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
            {"writer_pid", s.writer ? nlohmann::json(*s.writer) : nlohmann::json(nullptr)}};
}

}  // namespace news::indexer
