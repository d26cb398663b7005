#include "indexer/html_content.hpp"

#include "indexer/html_dom.hpp"
#include "schema/text.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace news::indexer::html {

namespace {

/// Split class and id into lower-case tokens at every non-alphanumeric byte.
std::vector<std::string> hint_tokens(const xmlNode* n) {
    std::vector<std::string> tokens;
    std::string cur;
    for (char ch : attr(n, "class") + " " + attr(n, "id")) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (std::isalnum(c)) {
            cur += static_cast<char>(std::tolower(c));
        } else if (!cur.empty()) {
            tokens.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) tokens.push_back(cur);
    return tokens;
}

bool token_in(const std::string& t, std::initializer_list<std::string_view> words) {
    return std::find(words.begin(), words.end(), t) != words.end();
}

/// Class/id tokens that mark a block as page furniture rather than article text.
bool is_boilerplate_hint(const xmlNode* n) {
    for (const std::string& t : hint_tokens(n)) {
        if (token_in(t, {"nav", "navbar", "navigation", "menu", "menubar", "mainmenu", "submenu", "breadcrumb",
                         "breadcrumbs", "footer", "sidebar", "cookie", "cookies", "consent", "gdpr", "newsletter",
                         "share", "sharing", "shariff", "social", "socials", "sociallinks", "related", "teaser",
                         "teasers", "recommended", "recommendations", "comment", "comments", "disqus", "advert",
                         "advertisement", "ad", "ads", "banner", "promo", "sponsor", "sponsored", "paywall",
                         "subscribe", "popup", "modal", "pagination", "pager", "toolbar", "widget", "widgets",
                         "skip", "skiplink", "print", "tags", "taglist", "outbrain", "taboola", "morenews",
                         "mehrnews", "weitere", "empfehlungen", "masthead", "topbar", "header"}))
            return true;
        // compound tokens such as "cookiebanner", "sharebuttons", "relatedarticles"
        for (std::string_view stem : {"cookie", "consent", "newsletter", "breadcrumb", "share", "social", "related",
                                      "teaser", "comment", "sidebar", "footer", "navbar", "navigation", "advert",
                                      "pagination", "recommend"})
            if (t.size() > stem.size() && (t.rfind(stem, 0) == 0 || t.find(stem) == t.size() - stem.size()))
                return true;
    }
    return false;
}

bool is_hidden(const xmlNode* n) {
    if (!attr(n, "hidden").empty() || xmlHasProp(n, reinterpret_cast<const xmlChar*>("hidden"))) return true;
    if (attr(n, "aria-hidden") == "true") return true;
    std::string style = attr(n, "style");
    style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
    return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

bool contains_article(const xmlNode* n) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (!is_element(c)) continue;
        if (is_one_of(c, {"article", "main"}) || attr(c, "itemprop") == "articleBody" || attr(c, "role") == "main")
            return true;
        if (contains_article(c)) return true;
    }
    return false;
}

bool inside(const xmlNode* n, std::initializer_list<std::string_view> names) {
    for (const xmlNode* p = n->parent; p; p = p->parent)
        if (is_one_of(p, names)) return true;
    return false;
}

/// German and English headings that open a list of other articles or comments.
bool is_teaser_heading(const xmlNode* h) {
    std::string key = schema::fold_key(text(h));
    if (key.empty() || key.size() > 60) return false;
    for (std::string_view start :
         {"mehrnews", "mehrnachrichten", "mehrzumthema", "mehrartikel", "mehraus", "weitereartikel",
          "weiterenachrichten", "weiterenews", "weiteremeldungen", "weiterebeitraege", "weiterethemen",
          "daskoenntesie", "dieskoenntesie", "aehnlicheartikel", "aehnlichebeitraege", "verwandteartikel",
          "verwandtethemen", "auchinteressant", "lesensieauch", "lesenswert", "meistgelesen", "topartikel",
          "empfehlungen", "unsereempfehlung", "kommentare", "leserkommentare", "diskussion", "relatedarticles",
          "relatedposts", "relatedstories", "relatedcontent", "morenews", "morestories", "morearticles",
          "morefrom", "youmightalsolike", "youmayalsolike", "recommended", "mostread", "mostpopular", "comments",
          "leaveareply", "leaveacomment", "readmore", "readnext", "alsoread", "teilen", "sharethis", "shareon"})
        if (key.rfind(start, 0) == 0) return true;
    return false;
}

void collect(xmlNode* n, const std::function<bool(xmlNode*)>& drop, std::vector<xmlNode*>& out) {
    for (xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
            out.push_back(c);
        } else if (is_element(c)) {
            if (drop(c)) out.push_back(c);
            else collect(c, drop, out);
        }
    }
}

double score_paragraph(const std::string& t) {
    double commas = static_cast<double>(std::count(t.begin(), t.end(), ',')) +
                    static_cast<double>(std::count(t.begin(), t.end(), '.')) * 0.5;
    return 1.0 + commas + std::min(static_cast<double>(t.size()) / 100.0, 3.0);
}

}  // namespace

void remove_boilerplate(xmlDoc* doc) {
    xmlNode* root = xmlDocGetRootElement(doc);
    if (!root) return;
    TextStats stats;
    size_t page_chars = stats.of(root).chars;
    std::vector<xmlNode*> doomed;
    collect(root,
            [&](xmlNode* n) {
                if (is_one_of(n, {"script", "style", "noscript", "template", "svg", "math", "iframe", "frame",
                                  "object", "embed", "canvas", "video", "audio", "form", "button", "input",
                                  "select", "textarea", "dialog", "head", "link", "meta", "nav", "menu"}))
                    return true;
                if (is_hidden(n)) return true;
                std::string role = attr(n, "role");
                if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "search" ||
                    role == "dialog" || role == "alertdialog" || role == "menu" || role == "complementary")
                    return !contains_article(n);
                if (is_one_of(n, {"footer", "aside"})) return !contains_article(n);
                if (name(n) == "header") return !inside(n, {"article", "main"}) && !contains_article(n);
                if (is_boilerplate_hint(n) && !is_one_of(n, {"body", "html", "article", "main"})) {
                    // Never drop a wrapper that holds the article or most of the page's text.
                    if (contains_article(n)) return false;
                    const auto& c = stats.of(n);
                    bool dominant = page_chars > 0 && c.chars * 2 > page_chars && stats.link_density(n) < 0.25 &&
                                    c.paragraphs >= 3;
                    return !dominant;
                }
                return false;
            },
            doomed);
    for (xmlNode* n : doomed) remove_node(n);
}

ContentChoice choose_content(xmlDoc* doc) {
    ContentChoice choice;
    xmlNode* root = xmlDocGetRootElement(doc);
    if (!root) return choice;
    TextStats stats;
    std::vector<xmlNode*> body_marked, articles, mains;
    std::function<void(xmlNode*)> walk = [&](xmlNode* n) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            if (attr(c, "itemprop") == "articleBody") body_marked.push_back(c);
            if (name(c) == "article") articles.push_back(c);
            if (name(c) == "main" || attr(c, "role") == "main") mains.push_back(c);
            walk(c);
        }
    };
    walk(root);
    auto useful = [&](xmlNode* n) {
        const auto& c = stats.of(n);
        return c.chars - std::min(c.chars, c.link_chars);
    };
    auto best_of = [&](const std::vector<xmlNode*>& nodes) -> xmlNode* {
        xmlNode* best = nullptr;
        for (xmlNode* n : nodes)
            if (!best || useful(n) > useful(best)) best = n;
        return best;
    };

    // Text-density scoring (as readability does): paragraphs vote for their
    // parent and, with half the weight, their grandparent.
    std::unordered_map<xmlNode*, double> score;
    std::function<void(xmlNode*)> vote = [&](xmlNode* n) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            if (is_one_of(c, {"p", "pre", "td", "blockquote", "li", "dd"}) ||
                (name(c) == "div" && element_children(c).empty())) {
                std::string t = text(c);
                if (t.size() >= 25 && c->parent) {
                    double s = score_paragraph(t);
                    score[c->parent] += s;
                    if (c->parent->parent) score[c->parent->parent] += s / 2;
                }
            }
            vote(c);
        }
    };
    vote(root);
    xmlNode* scored = nullptr;
    double best_score = 0;
    for (auto& [n, s] : score) {
        double final_score = s * (1.0 - stats.link_density(n));
        if (final_score > best_score || (final_score == best_score && scored && n < scored)) {
            best_score = final_score;
            scored = n;
        }
    }

    const size_t kMinChars = 140;
    if (xmlNode* n = best_of(body_marked); n && useful(n) >= kMinChars) return {n, "itemprop=articleBody"};
    if (xmlNode* n = best_of(articles); n && useful(n) >= kMinChars) {
        // An <article> holding only a teaser card is not the article when the
        // scored block is much larger and lies outside it.
        bool scored_outside = scored && useful(scored) > 3 * useful(n);
        for (xmlNode* p = scored; p && scored_outside; p = p->parent)
            if (p == n) scored_outside = false;
        if (!scored_outside) return {n, "<article>"};
    }
    if (xmlNode* n = best_of(mains); n && useful(n) >= kMinChars) {
        // A <main> wrapping the whole page: prefer the scored block inside it.
        if (scored && useful(scored) * 2 >= useful(n)) return {scored, "text density inside <main>"};
        return {n, "<main>"};
    }
    if (scored) return {scored, "text density"};
    for (xmlNode* c = root->children; c; c = c->next)
        if (name(c) == "body") return {c, "<body>"};
    return {root, "document"};
}

void prune_container(xmlNode* container) {
    TextStats stats;
    std::vector<xmlNode*> doomed;
    // Link lists (menus, tag clouds, "read more" lists) inside the content.
    collect(container,
            [&](xmlNode* n) {
                if (!is_one_of(n, {"ul", "ol", "div", "section", "table", "p", "span"})) return false;
                const auto& c = stats.of(n);
                if (c.links >= 2 && stats.link_density(n) > 0.6) return true;
                return false;
            },
            doomed);
    for (xmlNode* n : doomed) remove_node(n);
    doomed.clear();

    // "Mehr News" and the like: the heading and everything after it in its
    // section; the whole section when the heading opens it.
    std::vector<xmlNode*> headings;
    std::function<void(xmlNode*)> find = [&](xmlNode* n) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            if (is_one_of(c, {"h2", "h3", "h4", "h5", "h6", "strong"}) && is_teaser_heading(c)) headings.push_back(c);
            else find(c);
        }
    };
    find(container);
    // Collect every node to drop first, then drop only the outermost ones, so
    // no node is touched after an ancestor of it was freed.
    std::vector<xmlNode*> targets;
    for (xmlNode* h : headings) {
        xmlNode* parent = h->parent;
        if (!parent) continue;
        bool first = true;
        for (xmlNode* s = h->prev; s; s = s->prev)
            if (is_element(s) || (s->type == XML_TEXT_NODE && !text(s).empty())) first = false;
        if (first && parent != container && !is_one_of(parent, {"body", "html"})) {
            targets.push_back(parent);
            continue;
        }
        for (xmlNode* s = h; s; s = s->next) targets.push_back(s);
    }
    std::unordered_set<xmlNode*> marked(targets.begin(), targets.end());
    for (xmlNode* t : targets) {
        bool nested = false;
        for (xmlNode* p = t->parent; p && !nested; p = p->parent) nested = marked.count(p) != 0;
        if (!nested) doomed.push_back(t);
    }
    std::sort(doomed.begin(), doomed.end());
    doomed.erase(std::unique(doomed.begin(), doomed.end()), doomed.end());
    for (xmlNode* n : doomed) remove_node(n);
}

void remove_title_heading(xmlNode* container, const std::string& title) {
    std::function<xmlNode*(xmlNode*)> first_h1 = [&](xmlNode* n) -> xmlNode* {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            if (name(c) == "h1") return c;
            if (xmlNode* h = first_h1(c)) return h;
        }
        return nullptr;
    };
    xmlNode* h1 = title.empty() ? nullptr : first_h1(container);
    if (!h1) return;
    std::string t = text(h1);
    if (!t.empty() && (title.find(t) != std::string::npos || t.find(title) != std::string::npos)) remove_node(h1);
}

}  // namespace news::indexer::html
