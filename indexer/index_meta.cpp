#include "indexer/index_meta.hpp"

#include "schema/text.hpp"
#include "searcher/facet_file.hpp"
#include "searcher/word_list_file.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>


namespace fs = std::filesystem;

namespace news::indexer {

namespace {

std::string entry_key(const std::string& file) { return std::string(kMetaFilePrefix) + schema::hash64_hex(file); }

template <typename Fn>
void for_each_entry(const Xapian::Database& db, Fn fn) {
    const std::string prefix(kMetaFilePrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        auto j = nlohmann::json::parse(db.get_metadata(*it), nullptr, false);
        if (!j.is_object() || !j.contains("file") || !j["file"].is_string()) continue;
        FileEntry e;
        e.file = j["file"].get<std::string>();
        e.size = j.value("size", std::uintmax_t{0});
        e.mtime = j.value("mtime", std::int64_t{0});
        e.hash = j.value("hash", std::string());
        e.documents = j.value("docs", 0u);
        e.reason = j.value("reason", std::string());
        fn(std::move(e));
    }
}

}  // namespace

std::string now_iso() { return schema::utc_now("%Y-%m-%dT%H:%M:%SZ"); }

std::string join_sources(const std::vector<fs::path>& sources) {
    std::string out;
    for (const fs::path& s : sources) {
        if (!out.empty()) out += '\n';
        out += fs::absolute(s).lexically_normal().string();
    }
    return out;
}

void put_file_entry(Xapian::WritableDatabase& db, const FileEntry& e) {
    nlohmann::json j = {{"file", e.file}, {"size", e.size}, {"mtime", e.mtime}, {"hash", e.hash},
                        {"docs", e.documents}};
    if (!e.reason.empty()) j["reason"] = e.reason;
    db.set_metadata(entry_key(e.file), j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void drop_file_entry(Xapian::WritableDatabase& db, const std::string& file) { db.set_metadata(entry_key(file), ""); }

std::unordered_map<std::string, FileEntry> read_file_entries(const Xapian::Database& db) {
    std::unordered_map<std::string, FileEntry> out;
    for_each_entry(db, [&](FileEntry e) {
        std::string key = e.file;
        out.emplace(std::move(key), std::move(e));
    });
    return out;
}

size_t count_skipped_files(const Xapian::Database& db) {
    size_t n = 0;
    for_each_entry(db, [&](const FileEntry& e) { n += !e.reason.empty(); });
    return n;
}

void save_facet_file(const fs::path& dir) {
    try {
        searcher::write_facet_file(dir);
        searcher::write_word_list_file(dir);
    } catch (const Xapian::Error& e) {
        spdlog::warn("cannot write the facet or word list file in {}: {} (searchers read them from the index)", dir.string(),
                     e.get_description());
    } catch (const std::exception& e) {
        spdlog::warn("cannot write the facet or word list file in {}: {} (searchers read them from the index)", dir.string(),
                     e.what());
    }
}

}  // namespace news::indexer
