#include "indexer/xml_reader.hpp"

#include "indexer/dates.hpp"
#include "indexer/html_extractor.hpp"
#include "indexer/markup_repair.hpp"
#include "indexer/metadata_normaliser.hpp"
#include "indexer/text_decoding.hpp"
#include "schema/normaliser.hpp"
#include "schema/text.hpp"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <spdlog/spdlog.h>

#include <climits>
#include <memory>
#include <optional>

namespace news::indexer {

namespace {

xmlParserInputPtr refuse_external(const char*, const char*, xmlParserCtxtPtr) { return nullptr; }

std::string_view local_name(const xmlNode* n) {
    return (n && n->type == XML_ELEMENT_NODE && n->name) ? reinterpret_cast<const char*>(n->name) : "";
}

std::string ns_prefix(const xmlNode* n) {
    return (n && n->ns && n->ns->prefix) ? reinterpret_cast<const char*>(n->ns->prefix) : "";
}

/// Marks the edge of a block element in raw text (never in XML text).
constexpr char kBlockBreak = '\x1e';

/// Text below a node; entity references are left out, never expanded.
void append_text(const xmlNode* n, std::string& out, bool blocks) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) out += reinterpret_cast<const char*>(c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            std::string_view nm = local_name(c);
            bool block = blocks && (nm == "p" || nm == "h2" || nm == "h3" || nm == "h4" || nm == "li" ||
                                    nm == "blockquote" || nm == "div" || nm == "section");
            if (block) out += kBlockBreak;
            append_text(c, out, blocks);
            if (block) out += kBlockBreak;
        }
    }
}

std::string text_of(const xmlNode* n) {
    std::string out;
    if (n) append_text(n, out, false);
    return schema::collapse_whitespace(out);
}

/// Paragraph text of a <body>: blocks separated by blank lines.
std::string paragraphs_of(const xmlNode* n) {
    std::string raw;
    if (n) append_text(n, raw, true);
    std::string out;
    for (const std::string& part : schema::split(raw, kBlockBreak)) {
        // Line breaks inside a paragraph are source formatting, except a
        // hyphen at a line break, which joins a word split across lines.
        std::string para = schema::collapse_whitespace(schema::join_line_break_hyphens(part));
        if (para.empty()) continue;
        if (!out.empty()) out += "\n\n";
        out += para;
    }
    return out;
}

struct Fields {
    Article a;
    std::vector<std::string> regions, topics;
};

Article finish(Fields& f, const std::string& relpath, size_t index, size_t count) {
    f.a.path = relpath;
    if (f.a.id.empty() && f.a.url.empty() && count > 1) f.a.id = relpath + "#" + std::to_string(index + 1);
    normalise_metadata(f.a, f.regions, f.topics);
    return std::move(f.a);
}

void append_author(std::string& authors, const std::string& name) {
    if (name.empty()) return;
    if (!authors.empty()) authors += ", ";
    authors += name;
}

Fields read_archive_article(const xmlNode* n) {
    Fields f;
    xmlChar* id = xmlGetProp(n, reinterpret_cast<const xmlChar*>("id"));
    if (id) {
        f.a.id = schema::trim(reinterpret_cast<const char*>(id));
        xmlFree(id);
    }
    for (const xmlNode* c = n->children; c; c = c->next) {
        std::string_view nm = local_name(c);
        if (nm == "title") f.a.title = text_of(c);
        else if (nm == "date") f.a.date = parse_any_date(text_of(c));
        else if (nm == "region") f.regions.push_back(text_of(c));
        else if (nm == "topic") f.topics.push_back(text_of(c));
        else if (nm == "author") append_author(f.a.author, text_of(c));
        else if (nm == "url") f.a.url = text_of(c);
        else if (nm == "lead") f.a.lead = text_of(c);
        else if (nm == "body") f.a.body = paragraphs_of(c);
    }
    return f;
}

Fields read_rss_item(const xmlNode* n) {
    Fields f;
    std::string description, encoded, guid;
    for (const xmlNode* c = n->children; c; c = c->next) {
        std::string_view nm = local_name(c);
        if (nm == "title") f.a.title = text_of(c);
        else if (nm == "link") f.a.url = text_of(c);
        else if (nm == "guid") guid = text_of(c);
        else if (nm == "pubDate" || nm == "date") { if (f.a.date.empty()) f.a.date = parse_any_date(text_of(c)); }
        else if (nm == "category") f.topics.push_back(text_of(c));
        else if (nm == "author" || nm == "creator") append_author(f.a.author, text_of(c));
        else if (nm == "description") description = text_of(c);
        else if (nm == "encoded") encoded = text_of(c);
    }
    f.a.lead = html_fragment_to_text(description);
    f.a.body = encoded.empty() ? f.a.lead : html_fragment_to_text(encoded);
    if (f.a.url.empty()) f.a.id = guid;
    return f;
}

Fields read_atom_entry(const xmlNode* n) {
    Fields f;
    std::string summary, content, id;
    for (const xmlNode* c = n->children; c; c = c->next) {
        std::string_view nm = local_name(c);
        auto get = [&](const char* attr) {
            xmlChar* v = xmlGetProp(c, reinterpret_cast<const xmlChar*>(attr));
            std::string s = v ? reinterpret_cast<const char*>(v) : "";
            if (v) xmlFree(v);
            return s;
        };
        if (nm == "title") f.a.title = text_of(c);
        else if (nm == "link") {
            std::string rel = get("rel");
            if ((rel.empty() || rel == "alternate") && f.a.url.empty()) f.a.url = get("href");
        } else if (nm == "id") id = text_of(c);
        else if (nm == "published") f.a.date = parse_any_date(text_of(c));
        else if (nm == "updated") { if (f.a.date.empty()) f.a.date = parse_any_date(text_of(c)); }
        else if (nm == "author") {
            for (const xmlNode* p = c->children; p; p = p->next)
                if (local_name(p) == "name") append_author(f.a.author, text_of(p));
        } else if (nm == "category") {
            std::string term = get("term");
            f.topics.push_back(term.empty() ? get("label") : term);
        } else if (nm == "summary") summary = text_of(c);
        else if (nm == "content") {
            std::string type = get("type");
            content = (type == "html" || type == "xhtml") ? html_fragment_to_text(type == "xhtml" ? paragraphs_of(c) : text_of(c))
                                                          : paragraphs_of(c);
        }
    }
    f.a.lead = html_fragment_to_text(summary);
    f.a.body = content.empty() ? f.a.lead : content;
    if (f.a.url.empty()) f.a.id = id;
    return f;
}

struct CtxtDeleter {
    void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct XmlDocDeleter {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

/// The encoding an XML declaration names, empty when there is none.
std::string xml_declared_encoding(std::string_view bytes) {
    if (bytes.substr(0, 5) != "<?xml") return {};
    std::string_view decl = bytes.substr(0, bytes.find("?>"));
    size_t at = decl.find("encoding");
    if (at == std::string_view::npos) return {};
    size_t open = decl.find_first_of("\"'", at);
    if (open == std::string_view::npos) return {};
    size_t close = decl.find(decl[open], open + 1);
    return close == std::string_view::npos ? std::string() : std::string(decl.substr(open + 1, close - open - 1));
}

bool declares_entities(const xmlDoc* doc) {
    for (const xmlDtd* dtd : {doc->intSubset, doc->extSubset}) {
        if (!dtd) continue;
        for (const xmlNode* c = dtd->children; c; c = c->next)
            if (c->type == XML_ENTITY_DECL) return true;
    }
    return false;
}

}  // namespace

void install_safe_xml_loader() { xmlSetExternalEntityLoader(refuse_external); }

ReadResult read_xml(std::string_view bytes, const std::string& relpath) {
    ReadResult result;
    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
        result.error = "file too large";
        return result;
    }
    // Decode to UTF-8 and repair what XML forbids (NUL and control bytes,
    // references to them) ourselves: libxml2 would reject the whole file.
    std::string encoding = resolve_encoding(bytes, xml_declared_encoding(bytes));
    std::optional<std::string> decoded = decode_to_utf8(bytes, encoding);
    std::string_view text = decoded ? std::string_view(*decoded) : bytes;
    std::optional<std::string> repaired = repair_markup(text, Markup::XML);
    if (repaired) text = *repaired;
    if (text.size() > static_cast<size_t>(INT_MAX)) {
        result.error = "file too large";
        return result;
    }
    std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(xmlNewParserCtxt());
    if (!ctxt) {
        result.error = "out of memory";
        return result;
    }
    // No XML_PARSE_NOENT (no entity substitution), no DTDLOAD/DTDATTR/DTDVALID,
    // no network, no XML_PARSE_HUGE (libxml2 keeps its amplification limits).
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    const char* parse_encoding = decoded ? kUtf8 : nullptr;
    if (decoded) options |= XML_PARSE_IGNORE_ENC;  // the declaration names the bytes before decoding
    auto parse = [&](int opts) {
        return std::unique_ptr<xmlDoc, XmlDocDeleter>(xmlCtxtReadMemory(
            ctxt.get(), text.data(), static_cast<int>(text.size()), relpath.c_str(), parse_encoding, opts));
    };
    std::unique_ptr<xmlDoc, XmlDocDeleter> doc = parse(options);
    std::string recovered_from;
    if (!doc || !ctxt->wellFormed) {
        // A truncated file or a broken tag: keep what recovery mode can read
        // (the other articles of a collection or feed), and say so.
        const xmlError* err = xmlCtxtGetLastError(ctxt.get());
        std::string msg = err && err->message ? schema::trim(err->message) : "unknown error";
        std::string where = "not well-formed XML (line " + std::to_string(err ? err->line : 0) + ": " + msg + ")";
        doc = parse(options | XML_PARSE_RECOVER);
        if (!doc || !xmlDocGetRootElement(doc.get())) {
            result.error = where;
            return result;
        }
        recovered_from = std::move(where);
    }
    if (declares_entities(doc.get())) {
        result.error = "XML declares entities (refused: entity expansion is never done)";
        return result;
    }
    xmlNode* root = xmlDocGetRootElement(doc.get());
    std::string_view rn = local_name(root);
    std::vector<Fields> items;
    if (rn == "article") {
        items.push_back(read_archive_article(root));
    } else if (rn == "articles") {
        for (xmlNode* c = root->children; c; c = c->next)
            if (local_name(c) == "article") items.push_back(read_archive_article(c));
    } else if (rn == "rss" || rn == "RDF") {
        for (xmlNode* ch = root->children; ch; ch = ch->next) {
            if (local_name(ch) == "item") items.push_back(read_rss_item(ch));
            if (local_name(ch) != "channel") continue;
            for (xmlNode* c = ch->children; c; c = c->next)
                if (local_name(c) == "item") items.push_back(read_rss_item(c));
        }
    } else if (rn == "feed") {
        for (xmlNode* c = root->children; c; c = c->next)
            if (local_name(c) == "entry") items.push_back(read_atom_entry(c));
    } else {
        result.error = "unknown XML root element <" + std::string(rn) + ">" +
                       (ns_prefix(root).empty() ? "" : " (prefix " + ns_prefix(root) + ")");
        return result;
    }
    size_t index = 0;
    for (Fields& f : items) {
        // From a broken file, an article without body text is a cut-off fragment.
        if ((f.a.title.empty() || !recovered_from.empty()) && f.a.body.empty()) {
            ++index;
            continue;
        }
        result.articles.push_back(finish(f, relpath, index++, items.size()));
    }
    if (!recovered_from.empty() && !result.articles.empty())
        spdlog::warn("{}: {}; kept the {} article(s) recovery mode reads", relpath, recovered_from, result.articles.size());
    if (result.articles.empty())
        result.error = recovered_from.empty() ? "no article with a title or body in <" + std::string(rn) + ">"
                                              : recovered_from;
    return result;
}

}  // namespace news::indexer
