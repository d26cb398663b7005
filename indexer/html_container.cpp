#include "indexer/html_container.hpp"

#include "indexer/html_dom.hpp"
#include "indexer/html_hints.hpp"

#include <algorithm>
#include <unordered_map>

namespace news::indexer::html {

namespace {

/// Text of one block element outside its nested blocks: a paragraph.
struct BlockCounts {
    size_t chars = 0;       ///< non-space bytes
    size_t link_chars = 0;  ///< of which inside links
    size_t commas = 0;      ///< commas and full stops, any script
};

/// Blocks whose text votes for their parent: the paragraph tags.
bool is_paragraph_tag(const xmlNode* n) {
    return is_one_of(n, {"p", "pre", "li", "dd", "dt", "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
                         "address", "caption"});
}

void count_text(const xmlChar* p, bool in_link, BlockCounts& into) {
    for (; *p; ++p) {
        unsigned char c = *p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
        ++into.chars;
        if (in_link) ++into.link_chars;
        if (c == ',') ++into.commas;
        // "，" (EF BC 8C) and "、" / "。" (E3 80 81/82): CJK sentence structure.
        if ((c == 0xBC && p[1] == 0x8C) || (c == 0x80 && (p[1] == 0x81 || p[1] == 0x82))) ++into.commas;
    }
}

double score_of(const BlockCounts& b) {
    return 1.0 + static_cast<double>(b.commas) + std::min(static_cast<double>(b.chars) / 100.0, 3.0);
}

bool contains(const xmlNode* outer, const xmlNode* inner) {
    for (const xmlNode* p = inner; p; p = p->parent)
        if (p == outer) return true;
    return false;
}

bool related(const xmlNode* a, const xmlNode* b) { return contains(a, b) || contains(b, a); }

int depth(const xmlNode* n) {
    int d = 0;
    for (; n; n = n->parent) ++d;
    return d;
}

xmlNode* common_ancestor(xmlNode* a, xmlNode* b) {
    int da = depth(a), db = depth(b);
    for (; da > db; --da) a = a->parent;
    for (; db > da; --db) b = b->parent;
    while (a != b) a = a->parent, b = b->parent;
    return a;
}

class Chooser {
  public:
    explicit Chooser(xmlNode* root) {
        number(root);
        BlockCounts top;
        gather(root, top, false);
        m_blocks.push_back({root, top});
        for (const auto& [node, counts] : m_blocks) vote(node, counts);
        find_markers(root);
    }

    ContentChoice choose(xmlNode* body) {
        std::vector<xmlNode*> scored = best_scored();
        size_t scored_prose = 0;
        for (xmlNode* n : scored) scored_prose += prose(n);
        auto accept = [&](xmlNode* s) {
            if (!s || prose(s) < 100) return false;
            if (!scored.empty() && contains(s, scored.front())) return true;
            return 2 * prose(s) >= scored_prose;
        };
        if (xmlNode* s = best_of(m_body_marked, false); accept(s))
            return {with_peers(s, m_body_marked, false), "itemprop=articleBody"};
        if (xmlNode* s = best_of(m_content_named, true); accept(s))
            return {with_peers(s, m_content_named, true),
                    "class/id names the article text ('" + classify_hint(attr(s, "class"), attr(s, "id")).word + "')"};
        // An <article> or <main> around more than the story (its header, forms,
        // teasers): the scored block inside it when that holds most of its prose.
        auto inside = [&](xmlNode* s) {
            return !scored.empty() && scored.front() != s && contains(s, scored.front()) &&
                   10 * scored_prose >= 7 * prose(s);
        };
        if (xmlNode* s = best_of(m_articles, false); accept(s)) {
            if (inside(s)) return {scored, "text density inside <article>"};
            return {{s}, "<article>"};
        }
        if (xmlNode* s = best_of(m_mains, false); accept(s)) {
            if (inside(s)) return {scored, "text density inside <main>"};
            return {{s}, "<main>"};
        }
        if (!scored.empty() && scored_prose > 0)
            return {scored, scored.size() > 1 ? "text density, with sibling blocks" : "text density"};
        return {{body}, "whole page (no block of prose found)"};
    }

  private:
    void number(xmlNode* n) {
        m_order[n] = m_order.size();
        for (xmlNode* c = n->children; c; c = c->next)
            if (is_element(c)) number(c);
    }

    void gather(xmlNode* n, BlockCounts& into, bool in_link) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                if (c->content) count_text(c->content, in_link, into);
            } else if (is_element(c)) {
                if (is_block(c)) {
                    BlockCounts own;
                    gather(c, own, false);
                    m_blocks.push_back({c, own});
                } else {
                    gather(c, into, in_link || name(c) == "a");
                }
            }
        }
    }

    /// Paragraphs vote for their parent and, with less weight, the two
    /// elements above; a block with text of its own (<br>-separated lines)
    /// votes for itself first.
    void vote(xmlNode* n, const BlockCounts& b) {
        if (b.chars < 25 || 2 * b.link_chars > b.chars) return;
        size_t own_prose = b.chars - b.link_chars;
        for (xmlNode* p = n; p; p = p->parent) m_prose[p] += own_prose;
        double s = score_of(b);
        xmlNode* target = is_paragraph_tag(n) ? n->parent : n;
        double weight = 1.0;
        for (int level = 0; level < 3 && target && is_element(target); ++level, target = target->parent) {
            auto [it, added] = m_score.try_emplace(target, 0.0);
            if (added) m_scored.push_back(target);
            it->second += s * weight;
            weight = level == 0 ? 0.5 : weight / 3.0;
        }
    }

    void find_markers(xmlNode* n) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            if (attr(c, "itemprop") == "articleBody") m_body_marked.push_back(c);
            if (classify_hint(attr(c, "class"), attr(c, "id")).kind == HintKind::CONTENT)
                m_content_named.push_back(c);
            if (name(c) == "article") m_articles.push_back(c);
            if (name(c) == "main" || attr(c, "role") == "main") m_mains.push_back(c);
            find_markers(c);
        }
    }

    size_t prose(const xmlNode* n) const {
        auto it = m_prose.find(n);
        return it == m_prose.end() ? 0 : it->second;
    }

    double final_score(const xmlNode* n) {
        auto it = m_score.find(n);
        return it == m_score.end() ? 0.0 : it->second * (1.0 - m_stats.link_density(n));
    }

    /// The marked element with the most prose; with `innermost`, a nested
    /// marked element that keeps nearly all of it is preferred (tighter).
    xmlNode* best_of(const std::vector<xmlNode*>& nodes, bool innermost) const {
        xmlNode* best = nullptr;
        for (xmlNode* n : nodes)
            if (!best || prose(n) > prose(best)) best = n;
        if (!best || !innermost) return best;
        for (xmlNode* n : nodes)
            if (n != best && contains(best, n) && 10 * prose(n) >= 9 * prose(best)) best = n;
        return best;
    }

    /// The chosen marked element and the others like it that hold as much
    /// prose (a newsletter's stories, an article marked in parts), in
    /// document order. With `same_class`, peers must carry the same class.
    std::vector<xmlNode*> with_peers(xmlNode* best, const std::vector<xmlNode*>& marked, bool same_class) {
        std::vector<xmlNode*> out{best};
        std::string klass = attr(best, "class");
        for (xmlNode* n : marked) {
            if (2 * prose(n) < prose(best) || (same_class && attr(n, "class") != klass)) continue;
            bool apart = std::none_of(out.begin(), out.end(), [&](const xmlNode* o) { return related(o, n); });
            if (apart) out.push_back(n);
        }
        sort_in_document_order(out);
        return out;
    }

    void sort_in_document_order(std::vector<xmlNode*>& nodes) {
        std::sort(nodes.begin(), nodes.end(),
                  [&](const xmlNode* a, const xmlNode* b) { return m_order[a] < m_order[b]; });
    }

    /// The block with the best text-density score and its siblings that
    /// continue the prose, in document order. Blocks that score nearly as
    /// well and sit close by (an article in sections) are joined under their
    /// common ancestor first.
    std::vector<xmlNode*> best_scored() {
        xmlNode* top = nullptr;
        double top_score = 0;
        for (xmlNode* n : m_scored) {
            double f = final_score(n);
            if (f > top_score) {
                top_score = f;
                top = n;
            }
        }
        if (!top) return {};
        xmlNode* joined = top;
        const int top_depth = depth(top);
        for (xmlNode* n : m_scored) {
            if (related(n, joined) || final_score(n) < 0.5 * top_score) continue;
            xmlNode* a = common_ancestor(top, n);
            if (top_depth - depth(a) > 3 || is_one_of(a, {"body", "html"}) || m_stats.link_density(a) >= 0.35)
                continue;
            joined = a;
        }
        top = joined;
        std::vector<xmlNode*> out;
        double threshold = std::max(10.0, top_score * 0.2);
        for (xmlNode* s = top->parent ? top->parent->children : top; s; s = s->next) {
            if (!is_element(s)) continue;
            if (s == top) {
                out.push_back(s);
                continue;
            }
            bool prose_like = prose(s) >= 80 && m_stats.link_density(s) < 0.25;
            // Inside an <article>, a paragraph beside the text block is the
            // article's text however short (a line added after the block).
            bool article_paragraph = name(s) == "p" && name(top->parent) == "article" && m_stats.of(s).chars > 0 &&
                                     m_stats.of(s).links == 0;
            if (final_score(s) >= threshold || prose_like || article_paragraph) out.push_back(s);
        }
        return out;
    }

    TextStats m_stats;
    std::unordered_map<const xmlNode*, size_t> m_order;  ///< document order of elements
    std::vector<std::pair<xmlNode*, BlockCounts>> m_blocks;
    std::unordered_map<const xmlNode*, size_t> m_prose;
    std::unordered_map<const xmlNode*, double> m_score;
    std::vector<xmlNode*> m_scored;  ///< keys of m_score in the order first scored: ties are decided alike every run
    std::vector<xmlNode*> m_body_marked, m_content_named, m_articles, m_mains;
};

}  // namespace

double paragraph_score(std::string_view text) {
    BlockCounts b;
    std::string s(text);
    count_text(reinterpret_cast<const xmlChar*>(s.c_str()), false, b);
    return score_of(b);
}

ContentChoice choose_container(xmlDoc* doc) {
    xmlNode* root = doc ? xmlDocGetRootElement(doc) : nullptr;
    if (!root) return {};
    xmlNode* body = root;
    for (xmlNode* c = root->children; c; c = c->next)
        if (name(c) == "body") body = c;
    Chooser chooser(body);
    return chooser.choose(body);
}

}  // namespace news::indexer::html
