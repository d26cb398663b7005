#include "indexer/file_reader.hpp"

#include "indexer/html_extractor.hpp"
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

/// NUL bytes or many control characters in the first 8 KiB (UTF-16 with a BOM excepted).
bool looks_binary(std::string_view bytes) {
    if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) return false;
    std::string_view head = bytes.substr(0, 8192);
    size_t control = 0;
    for (unsigned char c : head) {
        if (c == 0) return true;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++control;
    }
    return control * 20 > head.size();
}

}  // namespace

bool is_indexable(const std::filesystem::path& file) {
    std::string ext = lower_ext(file);
    return ext == ".html" || ext == ".htm" || ext == ".xml" || ext == ".rss" || ext == ".atom";
}

ReadResult parse_article_bytes(std::string_view bytes, const std::filesystem::path& file, const std::string& relpath) {
    ReadResult r;
    if (schema::trim(bytes.substr(0, 4096)).empty() && schema::trim(bytes).empty()) {
        r.error = "empty file";
        return r;
    }
    if (looks_binary(bytes)) {
        r.error = "binary content, not text";
        return r;
    }
    std::string ext = lower_ext(file);
    if (ext == ".xml" || ext == ".rss" || ext == ".atom") return read_xml(bytes, relpath);
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
