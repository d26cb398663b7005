#include "indexer/html_lead.hpp"

#include "indexer/html_dom.hpp"
#include "indexer/html_hints.hpp"

namespace news::indexer::html {

namespace {

/// The part of the page in which a lead belongs to the container's article.
xmlNode* article_scope(xmlNode* container) {
    for (xmlNode* p = container->parent; p && is_element(p); p = p->parent) {
        if (is_one_of(p, {"body", "html"})) break;
        if (is_one_of(p, {"article", "main"}) || attr(p, "role") == "main") return p;
    }
    xmlNode* scope = container;
    for (int i = 0; i < 3 && scope->parent && is_element(scope->parent) && !is_one_of(scope->parent, {"body", "html"});
         ++i)
        scope = scope->parent;
    return scope;
}

class LeadFinder {
  public:
    explicit LeadFinder(xmlNode* container) : m_container(container) {}

    std::vector<xmlNode*> run(xmlNode* scope) {
        walk(scope, name(scope) == "header");
        return m_leads;
    }

  private:
    /// Depth-first up to the container; returns false once it is reached.
    bool walk(xmlNode* n, bool in_header) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            if (c == m_container) return false;
            bool holds_container = false;
            for (xmlNode* p = m_container->parent; p && !holds_container; p = p->parent) holds_container = p == c;
            bool named = is_lead_hint(attr(c, "class"), attr(c, "id"));
            // An article's <header> holds title, byline and date; a paragraph of
            // sentences in it is the lead, named or not.
            bool sentence_in_header = in_header && name(c) == "p" && is_sentence(c);
            if (!holds_container && (named || sentence_in_header) && is_prose(c)) {
                m_leads.push_back(c);
                continue;
            }
            if (!walk(c, in_header || name(c) == "header")) return false;
        }
        return true;
    }

    static bool is_sentence(const xmlNode* n) {
        std::string t = text(n);
        if (t.size() < 60) return false;
        char last = t.back();
        return last == '.' || last == '!' || last == '?' || last == ':' || t.size() >= 100;
    }

    bool is_prose(const xmlNode* n) {
        const TextStats::Counts& c = m_stats.of(n);
        return c.chars >= 40 && c.chars <= 2000 && m_stats.link_density(n) < 0.3;
    }

    xmlNode* m_container;
    TextStats m_stats;
    std::vector<xmlNode*> m_leads;
};

}  // namespace

std::vector<xmlNode*> find_leads(xmlNode* container) {
    if (!container || !container->parent || is_one_of(container, {"body", "html"})) return {};
    xmlNode* scope = article_scope(container);
    std::vector<xmlNode*> leads;
    if (scope != container) leads = LeadFinder(container).run(scope);
    if (!leads.empty()) return leads;
    // Templates also put the article's <header> (title, lead) right before the
    // <article> or the text, as a sibling of it or of one of its two parents.
    xmlNode* from = scope;
    for (int up = 0; up < 3 && from && is_element(from) && !is_one_of(from, {"body", "html"}); ++up) {
        for (xmlNode* s = from->prev; s; s = s->prev)
            if (name(s) == "header") return LeadFinder(container).run(s);
        from = from->parent;
    }
    return {};
}

}  // namespace news::indexer::html
