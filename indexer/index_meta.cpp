#include "indexer/index_meta.hpp"

#include "schema/text.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace fs = std::filesystem;

namespace news::indexer {

namespace {

std::string skip_key(const std::string& file) { return std::string(kMetaSkipPrefix) + schema::hash64_hex(file); }

}  // namespace

std::string now_iso() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string join_sources(const std::vector<fs::path>& sources) {
    std::string out;
    for (const fs::path& s : sources) {
        if (!out.empty()) out += '\n';
        out += fs::absolute(s).lexically_normal().string();
    }
    return out;
}

void put_skip_record(Xapian::WritableDatabase& db, const SkipRecord& rec) {
    nlohmann::json j = {{"file", rec.file}, {"size", rec.size}, {"mtime", rec.mtime}, {"reason", rec.reason}};
    db.set_metadata(skip_key(rec.file), j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void drop_skip_record(Xapian::WritableDatabase& db, const std::string& file) { db.set_metadata(skip_key(file), ""); }

std::map<std::string, SkipRecord> read_skip_records(const Xapian::Database& db) {
    std::map<std::string, SkipRecord> out;
    const std::string prefix(kMetaSkipPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        nlohmann::json j = nlohmann::json::parse(db.get_metadata(*it), nullptr, false);
        if (!j.is_object() || !j.contains("file") || !j["file"].is_string()) continue;
        SkipRecord r;
        r.file = j["file"].get<std::string>();
        r.size = j.value("size", std::uintmax_t{0});
        r.mtime = j.value("mtime", std::int64_t{0});
        r.reason = j.value("reason", std::string());
        out[r.file] = std::move(r);
    }
    return out;
}

}  // namespace news::indexer
