#include "indexer/file_reader.hpp"

#include "indexer/html_extractor.hpp"
#include "indexer/stage_times.hpp"
#include "indexer/text_decoding.hpp"
#include "indexer/xml_reader.hpp"
#include "schema/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace news::indexer {

namespace {

std::string lower_ext(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

using namespace std::string_view_literals;

/// File signatures of the binaries that turn up among archive files.
struct Signature {
    std::string_view magic;
    size_t offset;
    const char* kind;
};
constexpr Signature kSignatures[] = {
    {"%PDF-"sv, 0, "PDF document"},       {"\x89PNG\r\n\x1A\n"sv, 0, "PNG image"}, {"GIF87a"sv, 0, "GIF image"},
    {"GIF89a"sv, 0, "GIF image"},         {"\xFF\xD8\xFF"sv, 0, "JPEG image"},     {"RIFF"sv, 0, "RIFF media (WebP, WAV, AVI)"},
    {"ftyp"sv, 4, "MP4/HEIF media"},      {"PK\x03\x04"sv, 0, "ZIP archive (or an Office document)"},
    {"\x1F\x8B"sv, 0, "gzip archive"},    {"BZh"sv, 0, "bzip2 archive"},   {"\xFD" "7zXZ\0"sv, 0, "xz archive"},
    {"7z\xBC\xAF\x27\x1C"sv, 0, "7-Zip archive"}, {"\x28\xB5\x2F\xFD"sv, 0, "zstd archive"},
    {"\x7F" "ELF"sv, 0, "ELF executable"}, {"\xD0\xCF\x11\xE0"sv, 0, "OLE document (old Office)"},
    {"wOFF"sv, 0, "web font"},            {"wOF2"sv, 0, "web font"},       {"OggS"sv, 0, "Ogg media"},
    {"ID3"sv, 0, "MP3 audio"},            {"\x1A\x45\xDF\xA3"sv, 0, "Matroska/WebM media"},
};

/// Why the bytes are not a text page, or empty when they are one. Real
/// binaries are told by their signature, or by many control bytes (NULs
/// excepted) or a head that is mostly NUL in the first 8 KiB. A text page with
/// a few stray NUL bytes is text (they are dropped later); so is UTF-16.
std::string binary_reason(std::string_view bytes) {
    for (const Signature& s : kSignatures)
        if (bytes.size() >= s.offset + s.magic.size() && bytes.substr(s.offset, s.magic.size()) == s.magic)
            return std::string("binary content, not text (") + s.kind + ")";
    if (!bom_encoding(bytes).empty() || !sniff_utf16(bytes).empty()) return {};
    std::string_view head = bytes.substr(0, 8192);
    size_t control = 0, nul = 0;
    for (unsigned char c : head) {
        if (c == 0) ++nul;
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ++control;  // ESC: ISO-2022-JP
    }
    if (nul * 4 > head.size()) return "binary content, not text (mostly NUL bytes)";
    if (control * 20 > head.size() - nul) return "binary content, not text (control bytes)";
    return {};
}

}  // namespace

bool is_indexable(const std::filesystem::path& file) {
    std::string ext = lower_ext(file);
    return ext == ".html" || ext == ".htm" || ext == ".xml" || ext == ".rss" || ext == ".atom";
}

ReadResult parse_article_bytes(std::string_view bytes, const std::filesystem::path& file, const std::string& relpath) {
    ReadResult r;
    StageLap lap;
    if (schema::trim(bytes.substr(0, 4096)).empty() && schema::trim(bytes).empty()) {
        r.error = "empty file";
        return r;
    }
    if (std::string reason = binary_reason(bytes); !reason.empty()) {
        r.error = std::move(reason);
        return r;
    }
    std::string ext = lower_ext(file);
    if (ext == ".xml" || ext == ".rss" || ext == ".atom") {
        ReadResult xml = read_xml(bytes, relpath);
        lap.to(Stage::XML);
        return xml;
    }
    lap.to(Stage::DECODE);
    return extract_html(bytes, relpath);
}

FileBytes read_source_file(const std::filesystem::path& file) {
    FileBytes out;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        out.error = std::string("cannot stat: ") + std::strerror(errno);
        return out;
    }
    if (!S_ISREG(st.st_mode)) {
        out.error = "not a regular file";
        return out;
    }
    out.stamp.size = static_cast<std::uintmax_t>(st.st_size);
    out.stamp.mtime = static_cast<std::int64_t>(st.st_mtime);
    if (out.stamp.size > kMaxFileBytes) {
        out.error = "file larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB";
        return out;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        out.error = std::string("cannot open: ") + std::strerror(errno);
        return out;
    }
    out.bytes.assign(static_cast<size_t>(out.stamp.size), '\0');
    in.read(out.bytes.data(), static_cast<std::streamsize>(out.bytes.size()));
    out.bytes.resize(static_cast<size_t>(in.gcount()));
    if (in.bad()) {
        out.error = "read error";
        return out;
    }
    out.stamp.hash = schema::hash64_hex(out.bytes);
    return out;
}

FileRead read_article_file(const std::filesystem::path& file, const std::string& relpath) {
    FileRead out;
    FileBytes fb = read_source_file(file);
    out.stamp = std::move(fb.stamp);
    if (!fb.error.empty())
        out.result.error = std::move(fb.error);
    else
        out.result = parse_article_bytes(fb.bytes, file, relpath);
    return out;
}

}  // namespace news::indexer
