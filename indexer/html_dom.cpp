#include "indexer/html_dom.hpp"

#include "schema/text.hpp"

#include <libxml/HTMLparser.h>

#include <climits>

namespace news::indexer::html {

DocPtr parse_html(std::string_view bytes, const std::string& encoding) {
    if (bytes.size() > static_cast<size_t>(INT_MAX)) return nullptr;
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                        HTML_PARSE_COMPACT;
    return DocPtr(htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr,
                                 encoding.empty() ? nullptr : encoding.c_str(), options));
}

std::string_view name(const xmlNode* n) {
    if (!is_element(n) || !n->name) return {};
    return reinterpret_cast<const char*>(n->name);
}

std::string attr(const xmlNode* n, const char* attribute) {
    if (!is_element(n)) return {};
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(attribute));
    if (!v) return {};
    std::string out(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return out;
}

bool is_one_of(const xmlNode* n, std::initializer_list<std::string_view> names) {
    std::string_view nm = name(n);
    if (nm.empty()) return false;
    for (std::string_view x : names)
        if (nm == x) return true;
    return false;
}

std::vector<xmlNode*> element_children(xmlNode* n) {
    std::vector<xmlNode*> out;
    for (xmlNode* c = n ? n->children : nullptr; c; c = c->next)
        if (is_element(c)) out.push_back(c);
    return out;
}

namespace {

void append_raw(const xmlNode* n, std::string& out) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) out += reinterpret_cast<const char*>(c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            append_raw(c, out);
        }
    }
}

}  // namespace

std::string raw_text(const xmlNode* n) {
    std::string out;
    if (!n) return out;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) out = reinterpret_cast<const char*>(n->content);
        return out;
    }
    append_raw(n, out);
    return out;
}

std::string text(const xmlNode* n) { return schema::collapse_whitespace(raw_text(n)); }

namespace {

void append_head(const xmlNode* n, std::string& out, size_t max_bytes) {
    for (const xmlNode* c = n->children; c && out.size() < max_bytes; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) {
                out += reinterpret_cast<const char*>(c->content);
                out += ' ';
            }
        } else if (c->type == XML_ELEMENT_NODE) {
            append_head(c, out, max_bytes);
            out += ' ';  // block boundaries must not glue words ("2019</div><div>Text")
        }
    }
}

}  // namespace

std::string text_head(const xmlNode* n, size_t max_bytes) {
    std::string out;
    if (n) append_head(n, out, max_bytes);
    return schema::collapse_whitespace(out);
}

const TextStats::Counts& TextStats::of(const xmlNode* n) {
    auto it = m_cache.find(n);
    if (it != m_cache.end()) return it->second;
    Counts c;
    for (const xmlNode* ch = n->children; ch; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE || ch->type == XML_CDATA_SECTION_NODE) {
            if (!ch->content) continue;
            // Count non-space bytes: cheap and good enough for ratios.
            for (const xmlChar* p = ch->content; *p; ++p)
                if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') ++c.chars;
        } else if (ch->type == XML_ELEMENT_NODE) {
            const Counts& sub = of(ch);
            c.chars += sub.chars;
            c.paragraphs += sub.paragraphs;
            if (name(ch) == "a") {
                c.link_chars += sub.chars;
                c.links += 1 + sub.links;
            } else {
                c.link_chars += sub.link_chars;
                c.links += sub.links;
            }
        }
    }
    if (name(n) == "p" && c.chars >= 40) ++c.paragraphs;
    return m_cache.emplace(n, c).first->second;
}

bool is_block(const xmlNode* n) {
    return is_one_of(n, {"p",       "div",   "section", "article", "main",   "header",     "footer", "aside",
                         "nav",     "h1",    "h2",      "h3",      "h4",     "h5",         "h6",     "ul",
                         "ol",      "li",    "dl",      "dt",      "dd",     "blockquote", "pre",    "table",
                         "tr",      "td",    "th",      "figure",  "figcaption", "address", "hr",    "form",
                         "fieldset", "details", "summary", "caption", "tbody", "thead",  "body",   "center"});
}

namespace {

void serialise(const xmlNode* n, std::string& out) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) out += reinterpret_cast<const char*>(c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            std::string_view nm = name(c);
            if (nm == "br") {
                out += '\n';
                continue;
            }
            bool block = is_block(c);
            if (block) out += "\n\n";
            else if (nm == "td" || nm == "th" || nm == "img") out += ' ';
            serialise(c, out);
            if (block) out += "\n\n";
        }
    }
}

}  // namespace

std::string block_text(const xmlNode* n) {
    std::string raw;
    serialise(n, raw);
    // Paragraphs are separated by blank lines; single newlines (<br>, source
    // line breaks) fold into spaces.
    std::string out;
    size_t start = 0;
    std::string last;
    while (start <= raw.size()) {
        size_t end = raw.find("\n\n", start);
        if (end == std::string::npos) end = raw.size();
        std::string para = schema::collapse_whitespace(std::string_view(raw).substr(start, end - start));
        if (!para.empty() && para != last) {
            if (!out.empty()) out += "\n\n";
            out += para;
            last = para;
        }
        start = end + 2;
    }
    return out;
}

void remove_node(xmlNode* n) {
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

}  // namespace news::indexer::html
