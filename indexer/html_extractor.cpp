#include "indexer/html_extractor.hpp"

#include "indexer/dates.hpp"
#include "indexer/html_content.hpp"
#include "indexer/html_dom.hpp"
#include "indexer/html_metadata.hpp"
#include "indexer/metadata_normaliser.hpp"
#include "schema/text.hpp"

#include <libxml/encoding.h>

#include <algorithm>
#include <cctype>

namespace news::indexer {

namespace {

std::string declared_charset(std::string_view bytes) {
    std::string head(bytes.substr(0, 4096));
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    size_t pos = 0;
    while ((pos = head.find("charset", pos)) != std::string::npos) {
        pos += 7;
        size_t p = pos;
        while (p < head.size() && (head[p] == ' ' || head[p] == '=' || head[p] == '"' || head[p] == '\'')) ++p;
        if (p == pos) continue;
        size_t end = p;
        while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
                                     head[end] == '_' || head[end] == ':'))
            ++end;
        if (end > p) return head.substr(p, end - p);
    }
    return {};
}

/// Strip a site name from a <title>: "Headline | Site" → "Headline".
std::string strip_site_name(const std::string& title) {
    for (std::string_view sep : {" | ", " – ", " — ", " - ", " :: ", " · "}) {
        size_t pos = title.find(sep);
        if (pos != std::string::npos && pos >= 10) return title.substr(0, pos);
    }
    return title;
}

std::string without_ellipsis(std::string s) {
    for (std::string_view tail : {"…", "...", " "})
        while (s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0)
            s.erase(s.size() - tail.size());
    return s;
}

std::string choose_title(const html::PageMetadata& m) {
    const std::string h1 = m.h1s.empty() ? std::string() : m.h1s.front();
    std::string title;
    for (const std::string* c : {&m.ld_headline, &m.og_title, &h1})
        if (!c->empty()) {
            title = *c;
            break;
        }
    if (title.empty()) title = strip_site_name(m.title_tag);
    // A headline shortened in metadata ("…") or decorated with the site name
    // yields to the visible or the longer full title.
    std::string stem = without_ellipsis(title);
    for (const std::string* c : {&m.og_title, &h1}) {
        if (c->size() > title.size() && c->rfind(stem, 0) == 0) title = *c;
    }
    if (!h1.empty() && title.size() > h1.size() && title.find(h1) != std::string::npos) title = h1;
    return schema::collapse_whitespace(title);
}

std::string first_nonempty(std::initializer_list<const std::string*> candidates) {
    for (const std::string* c : candidates)
        if (!c->empty()) return *c;
    return {};
}

}  // namespace

std::string detect_html_encoding(std::string_view bytes) {
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return "UTF-8";
    if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) return {};
    std::string declared = declared_charset(bytes);
    if (declared == "iso-8859-1" || declared == "latin1" || declared == "latin-1" || declared == "us-ascii" ||
        declared == "ascii" || declared == "iso8859-1" || declared == "iso_8859-1" || declared == "cp1252" ||
        declared == "windows-1252")
        return "WINDOWS-1252";
    bool utf8 = schema::is_valid_utf8(bytes);
    if (declared == "utf-8" || declared == "utf8" || declared.empty()) return utf8 ? "UTF-8" : "WINDOWS-1252";
    if (xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(declared.c_str())) {
        xmlCharEncCloseFunc(h);
        return declared;
    }
    return utf8 ? "UTF-8" : "WINDOWS-1252";
}

std::string html_fragment_to_text(std::string_view fragment) {
    std::string page = "<html><body><div>";
    page += fragment;
    page += "</div></body></html>";
    html::DocPtr doc = html::parse_html(page, "UTF-8");
    if (!doc) return {};
    html::remove_boilerplate(doc.get());
    xmlNode* root = xmlDocGetRootElement(doc.get());
    return root ? html::block_text(root) : std::string();
}

ReadResult extract_html(std::string_view bytes, const std::string& relpath) {
    ReadResult result;
    html::DocPtr doc = html::parse_html(bytes, detect_html_encoding(bytes));
    if (!doc || !xmlDocGetRootElement(doc.get())) {
        result.error = "not parseable as HTML";
        return result;
    }
    html::PageMetadata meta = html::read_metadata(doc.get());
    html::remove_boilerplate(doc.get());
    html::ContentChoice content = html::choose_content(doc.get());

    Article a;
    a.path = relpath;
    a.title = choose_title(meta);
    if (content.node) {
        html::prune_container(content.node);
        html::remove_title_heading(content.node, a.title);
        a.body = html::block_text(content.node);
    }
    // The visible title is not part of the body.
    if (!a.title.empty() && a.body.rfind(a.title, 0) == 0) {
        a.body.erase(0, a.title.size());
        a.body = schema::trim(a.body);
    }
    std::string ld_body = schema::collapse_whitespace(meta.ld_body);
    if (ld_body.size() > 2 * a.body.size() + 200) a.body = ld_body;

    a.url = schema::trim(first_nonempty({&meta.canonical, &meta.og_url, &meta.ld_url}));
    a.lead = first_nonempty({&meta.ld_description, &meta.og_description, &meta.meta_description});
    a.author = first_nonempty({&meta.ld_author, &meta.meta_author, &meta.microdata_author});
    if (a.author.rfind("http", 0) == 0) a.author.clear();  // article:author is sometimes a profile URL

    for (const std::string* raw : {&meta.ld_date, &meta.meta_date, &meta.microdata_date, &meta.time_date}) {
        if (raw->empty()) continue;
        a.date = parse_any_date(*raw);
        if (!a.date.empty()) break;
    }
    if (a.date.empty()) a.date = find_german_date(a.body.substr(0, std::min<size_t>(a.body.size(), 600)));

    normalise_metadata(a, meta.regions, meta.topics, meta.breadcrumbs);

    if (a.title.empty() && a.body.empty()) {
        result.error = "no article text found";
        return result;
    }
    if (a.body.empty()) a.body = a.lead;
    result.articles.push_back(std::move(a));
    return result;
}

}  // namespace news::indexer
