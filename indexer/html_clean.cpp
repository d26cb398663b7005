#include "indexer/html_clean.hpp"

#include "indexer/html_dom.hpp"
#include "indexer/html_hints.hpp"
#include "indexer/html_teasers.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace news::indexer::html {

namespace {

/// Never text, wherever they stand.
bool is_dropped_tag(const xmlNode* n) {
    return is_one_of(n, {"script", "style", "template", "svg", "math", "iframe", "frame", "frameset", "object",
                         "embed", "canvas", "video", "audio", "picture", "source", "button", "input", "select",
                         "option", "textarea", "dialog", "head", "link", "meta", "map", "area",
                         "applet", "label", "figcaption", "title", "rt", "rp"});
}

bool is_hidden_by_attribute(const xmlNode* n) {
    if (xmlHasProp(n, reinterpret_cast<const xmlChar*>("hidden"))) return true;
    if (attr(n, "aria-hidden") == "true") return true;
    std::string style = attr(n, "style");
    style.erase(std::remove_if(style.begin(), style.end(), [](unsigned char c) { return std::isspace(c); }),
                style.end());
    std::transform(style.begin(), style.end(), style.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

/// How surely an element names the article: 2 for articleBody, <main> and
/// content class names, 1 for <article> (also used for teaser cards), else 0.
int article_marker_level(const xmlNode* n, const Hint& hint) {
    if (attr(n, "itemprop") == "articleBody" || hint.kind == HintKind::CONTENT) return 2;
    if (name(n) == "main" || attr(n, "role") == "main") return 2;
    return name(n) == "article" ? 1 : 0;
}

class Cleaner {
  public:
    Cleaner(xmlNode* root, ExtractionReport* report) : m_root(root), m_report(report), m_excerpts(nullptr) {}

    /// Two passes: what goes by tag first (scripts and styles would otherwise
    /// count as text), then by attribute, role and hint on the measured page.
    void run() {
        visit(m_root, true);
        remove_doomed();
        mark_ancestors_of_markers(m_root);
        m_page_prose = prose(m_root);
        find_page_wide_words();
        find_hidden_parts(m_root);
        m_excerpts = ExcerptStats(m_root);
        visit(m_root, false);
        remove_doomed();
    }

  private:
    void mark_ancestors_of_markers(xmlNode* n) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            int level = article_marker_level(c, hint_of(c));
            for (xmlNode* p = c; p && level > 0; p = p->parent) {
                int& have = m_marker_level[p];
                if (have >= level) break;
                have = level;
            }
            mark_ancestors_of_markers(c);
        }
    }

    /// Weak furniture words that page builders put on every block (Elementor
    /// names each text block a "widget"): a word on elements that together
    /// hold half the page's prose tells nothing about any one of them.
    void find_page_wide_words() {
        std::unordered_map<std::string, size_t> covered;
        std::vector<std::string> open_words;
        std::function<void(xmlNode*)> walk = [&](xmlNode* n) {
            for (xmlNode* c = n->children; c; c = c->next) {
                if (!is_element(c)) continue;
                const Hint& h = hint_of(c);
                // Elements kept for the marker they hold do not count.
                bool outermost = h.kind == HintKind::WEAK_BOILERPLATE && marker_level(c) < 2 &&
                                 std::find(open_words.begin(), open_words.end(), h.word) == open_words.end();
                if (outermost) {
                    covered[h.word] += prose(c);
                    open_words.push_back(h.word);
                }
                walk(c);
                if (outermost) open_words.pop_back();
            }
        };
        walk(m_root);
        for (const auto& [word, chars] : covered)
            if (2 * chars >= m_page_prose && m_page_prose > 0) m_page_wide.insert(word);
    }

    bool is_hidden(const xmlNode* n) { return is_hidden_by_attribute(n) || hint_of(n).kind == HintKind::HIDDEN; }

    /// Slides of a gallery article and pages of a paginated story are hidden
    /// siblings alike (same tag and class) until a script shows them; when
    /// together they hold half the page's prose they are the article, since
    /// no furniture is that much of a page's prose.
    void find_hidden_parts(xmlNode* n) {
        std::unordered_map<std::string, std::pair<size_t, std::vector<const xmlNode*>>> groups;
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            if (is_hidden(c)) {
                auto& [chars, members] = groups[std::string(name(c)) + " " + attr(c, "class")];
                chars += prose(c);
                members.push_back(c);
            } else {
                find_hidden_parts(c);
            }
        }
        for (const auto& [key, group] : groups)
            if (group.second.size() >= 2 && 2 * group.first >= m_page_prose && m_page_prose > 0)
                m_shown.insert(group.second.begin(), group.second.end());
    }

    /// The element's class/id hint, computed once: three passes ask for it.
    const Hint& hint_of(const xmlNode* n) {
        auto it = m_hints.find(n);
        if (it == m_hints.end()) it = m_hints.emplace(n, classify_hint(attr(n, "class"), attr(n, "id"))).first;
        return it->second;
    }

    /// Visible characters outside links: the measure of prose.
    size_t prose(const xmlNode* n) {
        const TextStats::Counts& c = m_stats.of(n);
        return c.chars - std::min(c.chars, c.link_chars);
    }

    double share(const xmlNode* n) {
        return m_page_prose == 0 ? 0.0 : static_cast<double>(prose(n)) / static_cast<double>(m_page_prose);
    }

    /// True when the element holds so much of the page's prose, outside links,
    /// that it must be (or wrap) the article whatever its name says.
    bool holds_article(const xmlNode* n, double min_share) {
        return share(n) >= min_share && m_stats.link_density(n) < 0.3 &&
               (m_stats.of(n).paragraphs >= 2 || prose(n) >= 500);
    }

    /// True for an element around most of the page's prose: a <form> of an
    /// ASP.NET page, or a <nav> left open so that the parser put the page in it.
    bool wraps_page(const xmlNode* n) { return holds_article(n, 0.4) || share(n) >= 0.5; }

    /// Kept despite a tag, role or hint that marks furniture: it wraps the
    /// article's marker and a good part of the prose, or most of the prose.
    bool is_protected(const xmlNode* n) { return (marker_level(n) > 0 && share(n) >= 0.3) || holds_article(n, 0.4); }

    /// The strongest article marker at or below the element.
    int marker_level(const xmlNode* n) const {
        auto it = m_marker_level.find(n);
        return it == m_marker_level.end() ? 0 : it->second;
    }

    static bool has_h1(const xmlNode* n) {
        for (const xmlNode* c = n->children; c; c = c->next)
            if (is_element(c) && (name(c) == "h1" || has_h1(c))) return true;
        return false;
    }

    bool inside(const xmlNode* n, std::initializer_list<std::string_view> names) {
        for (const xmlNode* p = n->parent; p; p = p->parent)
            if (is_one_of(p, names) || (attr(p, "role") == "main")) return true;
        return false;
    }

    /// Why the element goes, empty when it stays.
    std::string verdict(xmlNode* n) {
        std::string_view nm = name(n);
        // An unclosed <nav> can swallow the whole page in libxml2's HTML 4 parser.
        if ((nm == "nav" || nm == "menu") && !wraps_page(n)) return "tag <" + std::string(nm) + ">";
        if (nm == "noscript") return prose(n) >= 200 ? "" : "tag <noscript>";
        if (nm == "form") return wraps_page(n) ? "" : "tag <form>";
        if (is_hidden_by_attribute(n)) return wraps_page(n) || m_shown.count(n) ? "" : "hidden";
        std::string role = attr(n, "role");
        if (is_boilerplate_role(role) && !is_protected(n)) return "role=" + role;
        if ((nm == "footer" || nm == "aside") && !is_protected(n)) return "tag <" + std::string(nm) + ">";
        // A header with the page's <h1> is the article's header (title, lead),
        // even when the template puts it outside <article>.
        if (nm == "header" && !inside(n, {"article", "main"}) && !is_protected(n) && !has_h1(n))
            return "tag <header> outside the article";
        if (is_one_of(n, {"body", "html"})) return {};
        const Hint& hint = hint_of(n);
        // Summaries of other articles cut short with "…", whatever the list is named.
        if (hint.kind != HintKind::CONTENT && attr(n, "itemprop") != "articleBody" && m_excerpts.is_list(n, prose(n)))
            return "excerpts: " + std::to_string(m_excerpts.of(n).excerpts) + " texts cut short";
        switch (hint.kind) {
            case HintKind::HIDDEN:
                if (!wraps_page(n) && m_shown.count(n) == 0) return "hidden by class '" + hint.word + "'";
                break;
            case HintKind::BOILERPLATE:
                if (!(marker_level(n) == 2 && share(n) >= 0.3)) return "class/id hint '" + hint.word + "'";
                break;
            case HintKind::WEAK_BOILERPLATE:
                // Blogger's post "widget" holds the post's "entry-content": keep it.
                if (m_page_wide.count(hint.word) == 0 && marker_level(n) < 2 && !is_protected(n))
                    return "class/id hint '" + hint.word + "'";
                break;
            case HintKind::MINOR:  // captions and bylines go in the block stage, once dates were read
            case HintKind::CONTENT:
            case HintKind::NONE:
                break;
        }
        return {};
    }

    void visit(xmlNode* n, bool by_tag) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
                m_doomed.emplace_back(c, "comment");
                continue;
            }
            if (!is_element(c)) continue;
            std::string why;
            if (by_tag) {
                if (is_dropped_tag(c)) why = "tag <" + std::string(name(c)) + ">";
            } else {
                why = verdict(c);
            }
            if (why.empty()) visit(c, by_tag);
            else m_doomed.emplace_back(c, std::move(why));
        }
    }

    void remove_doomed() {
        for (auto& [node, reason] : m_doomed) {
            // Code and metadata are no blocks a reader would have seen.
            if (!is_one_of(node, {"script", "style", "head", "link", "meta", "template", "svg", "math", "title"}))
                note_drop(m_report, node, std::move(reason));
            remove_node(node);
        }
        m_doomed.clear();
    }

    xmlNode* m_root;
    ExtractionReport* m_report;
    TextStats m_stats;
    std::unordered_map<const xmlNode*, int> m_marker_level;
    std::unordered_set<std::string> m_page_wide;
    ExcerptStats m_excerpts;
    std::unordered_set<const xmlNode*> m_shown;  ///< hidden parts of the article (find_hidden_parts)
    std::unordered_map<const xmlNode*, Hint> m_hints;
    size_t m_page_prose = 0;
    std::vector<std::pair<xmlNode*, std::string>> m_doomed;
};

}  // namespace

void clean_page(xmlDoc* doc, ExtractionReport* report) {
    xmlNode* root = doc ? xmlDocGetRootElement(doc) : nullptr;
    if (!root) return;
    Cleaner cleaner(root, report);
    cleaner.run();
}

}  // namespace news::indexer::html
