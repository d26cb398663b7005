#pragma once
/// Helpers over libxml2's tree for the HTML stages: names, attributes, text
/// with link statistics, and block-aware text serialisation.

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace news::indexer::html {

/// Owns a parsed document.
struct DocDeleter {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

/// Parse HTML bytes in recover mode, no network, errors silenced.
DocPtr parse_html(std::string_view bytes, const std::string& encoding);

inline bool is_element(const xmlNode* n) { return n && n->type == XML_ELEMENT_NODE; }

/// Lower-case element name ("" for non-elements).
std::string_view name(const xmlNode* n);

/// Attribute value, "" when absent.
std::string attr(const xmlNode* n, const char* attribute);

/// True when the element is one of the names.
bool is_one_of(const xmlNode* n, std::initializer_list<std::string_view> names);

/// Element children of a node.
std::vector<xmlNode*> element_children(xmlNode* n);

/// Raw text below a node (entity references are never expanded).
std::string raw_text(const xmlNode* n);

/// Text below a node with white space collapsed.
std::string text(const xmlNode* n);

/// The first `max_bytes` or a little more of the text below a node, white
/// space collapsed: cheap on large subtrees (used to find a visible date).
std::string text_head(const xmlNode* n, size_t max_bytes);

/// Visible-text length and the part of it inside links, memoised per node.
class TextStats {
  public:
    struct Counts {
        size_t chars = 0;
        size_t link_chars = 0;
        size_t links = 0;
        size_t paragraphs = 0;  ///< <p> elements with 40+ characters
    };
    const Counts& of(const xmlNode* n);
    double link_density(const xmlNode* n) {
        const Counts& c = of(n);
        return c.chars == 0 ? 0.0 : static_cast<double>(c.link_chars) / static_cast<double>(c.chars);
    }
    void clear() { m_cache.clear(); }

  private:
    std::unordered_map<const xmlNode*, Counts> m_cache;
};

/// True for elements that start a new block of text (p, div, h1, li, ...).
bool is_block(const xmlNode* n);

/// Serialise the text below a node: blocks become paragraphs separated by
/// "\n\n", <br> a line break; white space inside a paragraph collapsed.
std::string block_text(const xmlNode* n);

/// Remove a node from its tree and free it.
void remove_node(xmlNode* n);

}  // namespace news::indexer::html
