#include "indexer/html_teasers.hpp"

#include <string>

namespace news::indexer::html {

namespace {

bool is_heading(const xmlNode* n) { return is_one_of(n, {"h1", "h2", "h3", "h4", "h5", "h6"}); }

bool has_link_below(const xmlNode* n) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (!is_element(c)) continue;
        if (name(c) == "a" || has_link_below(c)) return true;
    }
    return false;
}

}  // namespace

TeaserStats::TeaserStats(xmlNode* root) {
    if (root) count(root, false);
}

size_t TeaserStats::count(xmlNode* n, bool in_link) {
    size_t total = 0;
    bool linked = in_link || name(n) == "a";
    if (is_heading(n) && (linked || has_link_below(n))) total = 1;
    for (xmlNode* c = n->children; c; c = c->next)
        if (is_element(c)) total += count(c, linked);
    m_counts[n] = total;
    return total;
}

size_t TeaserStats::linked_headlines(const xmlNode* n) const {
    auto it = m_counts.find(n);
    return it == m_counts.end() ? 0 : it->second;
}

namespace {

size_t prose(const xmlNode* n, TextStats& stats) {
    const TextStats::Counts& c = stats.of(n);
    return c.chars - std::min(c.chars, c.link_chars);
}

}  // namespace

std::string teaser_list_reason(const xmlNode* n, const TeaserStats& teasers, TextStats& stats) {
    size_t headlines = teasers.linked_headlines(n);
    if (headlines < 2 || is_heading(n) || prose(n, stats) >= 400 * headlines) return {};
    // Every part must be a card (a linked headline with a little text) or a
    // scrap such as the list's title: a wrapper that also holds the article's
    // paragraphs is not a teaser list, though a list lies within it.
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (!is_element(c)) continue;
        size_t own = teasers.linked_headlines(c);
        bool card = own > 0 && prose(c, stats) < 400 * own;
        bool scrap = own == 0 && prose(c, stats) < 150;
        if (!card && !scrap) return {};
    }
    return "teasers: " + std::to_string(headlines) + " linked headlines";
}

namespace {

/// Takes a closing ellipsis ("…", "...", "[…]", "(…)") and the blanks around
/// it off the end of `t`; false when there is none.
bool strip_ellipsis(std::string_view& t) {
    while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\t' || t.back() == '\r'))
        t.remove_suffix(1);
    if (!t.empty() && (t.back() == ']' || t.back() == ')')) t.remove_suffix(1);
    for (std::string_view tail : {"…", "..."})
        if (t.size() >= tail.size() && t.substr(t.size() - tail.size()) == tail) {
            t.remove_suffix(tail.size());
            while (!t.empty() && (t.back() == ' ' || t.back() == '[' || t.back() == '(')) t.remove_suffix(1);
            return true;
        }
    return false;
}

}  // namespace

bool ends_as_excerpt(std::string_view t) { return strip_ellipsis(t) && !t.empty(); }

ExcerptStats::ExcerptStats(xmlNode* root) {
    if (root) count(root);
}

const ExcerptStats::Counts& ExcerptStats::count(xmlNode* n) {
    Counts own;
    size_t chars = 0;           // non-space bytes below n
    std::string_view tail;      // the last text below n that is not blank
    for (xmlNode* c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            std::string_view t(reinterpret_cast<const char*>(c->content));
            size_t visible = 0;
            for (char ch : t) visible += ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r';
            chars += visible;
            if (visible > 0) tail = t;
        } else if (is_element(c)) {
            const Counts& below = count(c);
            own.excerpts += below.excerpts;
            own.chars += below.chars;
            own.branches += below.excerpts > 0;
            chars += m_text[c].first;
            if (!m_text[c].second.empty()) tail = m_text[c].second;
        }
    }
    m_text[n] = {chars, tail};
    // The innermost block that ends in an ellipsis is the excerpt; a short
    // line ("Weiter …") is no summary.
    if (own.excerpts == 0 && chars >= 60 && is_one_of(n, {"p", "li", "dd", "div"}) && strip_ellipsis(tail)) {
        own.excerpts = 1;
        own.chars = chars;
    }
    return m_counts[n] = own;
}

const ExcerptStats::Counts& ExcerptStats::of(const xmlNode* n) const {
    static const Counts none;
    auto it = m_counts.find(n);
    return it == m_counts.end() ? none : it->second;
}

bool ExcerptStats::is_list(const xmlNode* n, size_t prose, double min_share) const {
    const Counts& c = of(n);
    return c.excerpts >= 2 && c.branches >= 2 && prose > 0 &&
           static_cast<double>(c.chars) >= min_share * static_cast<double>(prose);
}

bool is_label_of(const xmlNode* label, const xmlNode* block) {
    if (!is_element(label)) return false;
    const xmlNode* next = label->next;
    while (next && !is_element(next)) next = next->next;
    if (next != block) return false;
    std::string t = text(label);
    if (is_heading(label)) return !t.empty() && t.size() <= 80;
    if (t.empty() || t.size() > 60 || has_link_below(label)) return false;
    char last = t.back();
    return last != '.' && last != '!' && last != '?';
}

}  // namespace news::indexer::html
