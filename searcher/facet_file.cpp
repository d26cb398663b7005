#include "searcher/facet_file.hpp"

#include "schema/schema.hpp"

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

constexpr char kMagic[8] = {'N', 'E', 'W', 'S', 'F', 'C', 'T', '\n'};
constexpr std::uint32_t kFormat = 1;
constexpr std::uint32_t kByteOrder = 0x01020304;

struct Header {
    char magic[8];
    std::uint32_t format;
    std::uint32_t stride;       ///< codes per document: slots + the near-duplicate group
    std::uint64_t file_bytes;
    std::uint64_t checksum;     ///< of every byte after the header
    std::uint64_t meta_bytes;   ///< key, layout, labels (then padding to 8)
    std::uint64_t docs;         ///< rows: last docid + 1
    std::uint64_t days;         ///< 0 (no date slot) or docs
    std::uint32_t groups;
    std::uint32_t byte_order;
};
static_assert(sizeof(Header) == 64);

constexpr std::uint64_t align8(std::uint64_t n) { return (n + 7) & ~std::uint64_t{7}; }

}  // namespace

std::uint64_t file_checksum(const unsigned char* p, size_t n) {
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    std::uint64_t h[4] = {0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL, 0xA4093822299F31D0ULL, 0x082EFA98EC4E6C89ULL};
    auto step = [&](std::uint64_t& lane, std::uint64_t w) {
        lane ^= w;
        lane = ((lane << 29) | (lane >> 35)) * kMul;
    };
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        std::uint64_t w[4];
        std::memcpy(w, p + i, 32);
        for (int l = 0; l < 4; ++l) step(h[l], w[l]);
    }
    for (; i < n; ++i) step(h[0], p[i]);
    std::uint64_t out = n;
    for (std::uint64_t lane : h) step(out, lane);
    return out;
}

MappedFile map_file(const fs::path& file, size_t min_bytes) {
    MappedFile m;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        m.error = std::strerror(errno);
        return m;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(min_bytes)) {
        ::close(fd);
        m.error = "shorter than its header";
        return m;
    }
    const size_t size = static_cast<size_t>(st.st_size);
    void* addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (addr == MAP_FAILED) {
        m.error = std::string("mmap: ") + std::strerror(errno);
        return m;
    }
    m.mapping = std::shared_ptr<const void>(addr, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
    m.bytes = static_cast<const unsigned char*>(addr);
    m.size = size;
    return m;
}

namespace {

std::uint64_t checksum(const unsigned char* p, size_t n) { return file_checksum(p, n); }

/// What a file must hold to serve these slots: names, slots and flags.
std::string layout(const std::vector<FacetSlot>& slots, Xapian::valueno dup_slot, Xapian::valueno date_slot) {
    std::string s;
    for (const FacetSlot& f : slots)
        s += f.name + ":" + std::to_string(f.slot) + ":" + (f.by_value_desc ? "d" : "-") + (f.month_of_date ? "m" : "-") + ";";
    s += "dup:" + std::to_string(dup_slot) + ";date:" +
         (date_slot == Xapian::BAD_VALUENO ? std::string("none") : std::to_string(date_slot));
    return s;
}

void put_string(std::string& out, const std::string& s) {
    const auto n = static_cast<std::uint32_t>(s.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out += s;
}

/// Reads the meta block; false when it runs past its end.
class MetaReader {
  public:
    MetaReader(const unsigned char* p, size_t n) : m_p(p), m_n(n) {}
    bool u32(std::uint32_t& v) {
        if (m_n - m_at < sizeof v) return false;
        std::memcpy(&v, m_p + m_at, sizeof v);
        m_at += sizeof v;
        return true;
    }
    bool string(std::string& s) {
        std::uint32_t n = 0;
        if (!u32(n) || m_n - m_at < n) return false;
        s.assign(reinterpret_cast<const char*>(m_p + m_at), n);
        m_at += n;
        return true;
    }

  private:
    const unsigned char* m_p;
    size_t m_n, m_at = 0;
};

}  // namespace

void FacetFile::write(const FacetTable& table, const fs::path& dir) {
    std::string meta;
    put_string(meta, table.m_key);
    put_string(meta, layout(table.m_slots, table.m_dup_slot, table.m_date_slot));
    for (const auto& values : table.m_values) {
        const auto n = static_cast<std::uint32_t>(values.size());
        meta.append(reinterpret_cast<const char*>(&n), sizeof n);
        for (const std::string& v : values) put_string(meta, v);
    }
    const std::uint64_t docs = table.m_rows_size / table.m_stride;
    const std::uint64_t rows_bytes = table.m_rows_size * sizeof(std::uint32_t);
    const std::uint64_t days_bytes = table.m_days_size * sizeof(std::int32_t);
    std::string body(align8(meta.size()) + align8(rows_bytes) + days_bytes, '\0');
    std::memcpy(body.data(), meta.data(), meta.size());
    if (rows_bytes) std::memcpy(body.data() + align8(meta.size()), table.m_rows, rows_bytes);
    if (days_bytes) std::memcpy(body.data() + align8(meta.size()) + align8(rows_bytes), table.m_days, days_bytes);

    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.format = kFormat;
    h.stride = static_cast<std::uint32_t>(table.m_stride);
    h.file_bytes = sizeof(Header) + body.size();
    h.checksum = checksum(reinterpret_cast<const unsigned char*>(body.data()), body.size());
    h.meta_bytes = meta.size();
    h.docs = docs;
    h.days = table.m_days_size;
    h.groups = table.m_groups;
    h.byte_order = kByteOrder;

    const fs::path file = dir / kFacetFileName;
    const fs::path tmp = dir / (std::string(kFacetFileName) + ".tmp");
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
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw std::runtime_error("cannot rename " + tmp.string() + " to " + file.string() + ": " + ec.message());
    }
}

std::shared_ptr<const FacetTable> FacetFile::map(const fs::path& dir, const Xapian::Database& db,
                                                 const std::vector<FacetSlot>& slots, Xapian::valueno dup_slot,
                                                 Xapian::valueno date_slot) {
    const fs::path file = dir / kFacetFileName;
    auto reject = [&](const std::string& why) -> std::shared_ptr<const FacetTable> {
        spdlog::debug("facet file {} not used ({}): reading the facet table from the value streams", file.string(), why);
        return nullptr;
    };
    MappedFile mapped = map_file(file, sizeof(Header));
    if (!mapped.bytes) return reject(mapped.error);
    const size_t size = mapped.size;
    std::shared_ptr<const void> mapping = std::move(mapped.mapping);
    const unsigned char* bytes = mapped.bytes;

    Header h;
    std::memcpy(&h, bytes, sizeof h);
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return reject("not a facet file");
    if (h.format != kFormat) return reject("format " + std::to_string(h.format) + ", not " + std::to_string(kFormat));
    if (h.byte_order != kByteOrder) return reject("written in another byte order");
    if (h.file_bytes != size) return reject("truncated or extended: " + std::to_string(size) + " bytes, not " +
                                            std::to_string(h.file_bytes));
    const std::uint64_t body = size - sizeof(Header);
    if (h.stride != slots.size() + 1) return reject("another number of slots");
    if (h.docs > body / 4 || h.days > body / 4 || h.meta_bytes > body) return reject("sizes out of range");
    const std::uint64_t rows_bytes = h.docs * h.stride * sizeof(std::uint32_t);
    const std::uint64_t days_bytes = h.days * sizeof(std::int32_t);
    if (align8(h.meta_bytes) + align8(rows_bytes) + days_bytes != body) return reject("sizes do not add up");
    if (checksum(bytes + sizeof(Header), body) != h.checksum) return reject("checksum mismatch");

    MetaReader meta(bytes + sizeof(Header), h.meta_bytes);
    std::string key, file_layout;
    if (!meta.string(key) || !meta.string(file_layout)) return reject("meta block cut short");
    const std::string want_key = FacetTable::revision_key(db);
    if (key != want_key) return reject("written for revision " + key + ", the database is " + want_key);
    if (file_layout != layout(slots, dup_slot, date_slot)) return reject("holds other slots");
    if (h.docs != static_cast<std::uint64_t>(db.get_lastdocid()) + 1) return reject("another number of documents");
    if (h.days != (date_slot == Xapian::BAD_VALUENO ? 0 : h.docs)) return reject("dates missing or unexpected");

    std::shared_ptr<FacetTable> table(new FacetTable());
    table->m_slots = slots;
    for (size_t col = 0; col < slots.size(); ++col) {
        std::uint32_t n = 0;
        if (!meta.u32(n) || n == 0 || n > h.meta_bytes) return reject("labels cut short");
        std::vector<std::string> values(n);
        for (std::string& v : values)
            if (!meta.string(v)) return reject("labels cut short");
        if (!values[0].empty()) return reject("code 0 is not 'no value'");
        table->m_values.push_back(std::move(values));
    }
    const auto* rows = bytes + sizeof(Header) + align8(h.meta_bytes);
    table->m_rows = reinterpret_cast<const std::uint32_t*>(rows);
    table->m_rows_size = h.docs * h.stride;
    table->m_stride = h.stride;
    table->m_groups = h.groups;
    if (h.days) {
        table->m_days = reinterpret_cast<const std::int32_t*>(rows + align8(rows_bytes));
        table->m_days_size = h.days;
    }
    table->m_mapping = std::move(mapping);
    table->m_dup_slot = dup_slot;
    table->m_date_slot = date_slot;
    table->m_key = std::move(key);
    return table;
}

std::shared_ptr<const FacetTable> load_facet_table(const Xapian::Database& db, const std::string& dir) {
    auto slots = schema_facet_slots();
    const auto dup = schema::slot(schema::Slot::DUPKEY), date = schema::slot(schema::Slot::DATE);
    if (!dir.empty()) {
        if (auto mapped = FacetFile::map(dir, db, slots, dup, date)) {
            spdlog::debug("facet table mapped from {}", (fs::path(dir) / kFacetFileName).string());
            return mapped;
        }
    }
    auto table = std::make_shared<const FacetTable>(db, std::move(slots), dup, date);
    spdlog::debug("facet table read from the value streams ({} documents)", db.get_doccount());
    return table;
}

void write_facet_file(const fs::path& dir) {
    Xapian::Database db(dir.string());
    FacetTable table(db, schema_facet_slots(), schema::slot(schema::Slot::DUPKEY), schema::slot(schema::Slot::DATE));
    FacetFile::write(table, dir);
}

}  // namespace news::searcher
