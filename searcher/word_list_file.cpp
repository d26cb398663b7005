#include "searcher/word_list_file.hpp"

#include "searcher/facet_file.hpp"

#include <spdlog/spdlog.h>

#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace news::searcher {

namespace {

constexpr char kMagic[8] = {'N', 'E', 'W', 'S', 'W', 'R', 'D', '\n'};

struct Header {
    char magic[8];
    std::uint64_t file_bytes;
    std::uint64_t checksum;  ///< of every byte after the header
    std::uint64_t uuid_bytes, word_bytes, noun_bytes;
};
static_assert(sizeof(Header) == 48);

}  // namespace

void write_word_list_file(const fs::path& dir) {
    Xapian::Database db(dir.string());
    const std::string words = db.get_metadata(std::string(schema::kMetaCompoundWords));
    if (words.empty()) return;
    const std::string nouns = db.get_metadata(std::string(schema::kMetaCompoundNouns));
    const std::string uuid = db.get_uuid();
    const std::string body = uuid + words + nouns;
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.file_bytes = sizeof h + body.size();
    h.checksum = file_checksum(reinterpret_cast<const unsigned char*>(body.data()), body.size());
    h.uuid_bytes = uuid.size();
    h.word_bytes = words.size();
    h.noun_bytes = nouns.size();
    const fs::path file = dir / kWordListFileName, tmp = dir / (std::string(kWordListFileName) + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(&h), sizeof h);
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
        out.close();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw std::runtime_error("cannot write " + tmp.string());
        }
    }
    fs::rename(tmp, file);
}

std::shared_ptr<const schema::Decompounder> map_word_list_file(const std::string& dir, const Xapian::Database& db) {
    if (dir.empty()) return nullptr;
    const fs::path file = fs::path(dir) / kWordListFileName;
    auto reject = [&](const std::string& why) -> std::shared_ptr<const schema::Decompounder> {
        spdlog::debug("word list file {} not used ({}): reading the index's metadata", file.string(), why);
        return nullptr;
    };
    MappedFile mapped = map_file(file, sizeof(Header));
    if (!mapped.bytes) return reject(mapped.error);
    const size_t size = mapped.size;
    std::shared_ptr<const void> mapping = std::move(mapped.mapping);
    const unsigned char* bytes = mapped.bytes;
    Header h;
    std::memcpy(&h, bytes, sizeof h);
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return reject("not a word list file");
    if (h.file_bytes != size) return reject("truncated or extended");
    const std::uint64_t body = size - sizeof h;
    if (h.uuid_bytes > body || h.word_bytes > body || h.noun_bytes > body ||
        h.uuid_bytes + h.word_bytes + h.noun_bytes != body)
        return reject("sizes do not add up");
    if (file_checksum(bytes + sizeof h, body) != h.checksum) return reject("checksum mismatch");
    const char* p = reinterpret_cast<const char*>(bytes + sizeof h);
    if (std::string_view(p, h.uuid_bytes) != db.get_uuid()) return reject("written for another database");
    spdlog::debug("word lists mapped from {}", file.string());
    return schema::Decompounder::from_mapped(std::string_view(p + h.uuid_bytes, h.word_bytes),
                                             std::string_view(p + h.uuid_bytes + h.word_bytes, h.noun_bytes),
                                             std::move(mapping));
}

}  // namespace news::searcher
