#include "indexer/html_blocks.hpp"

#include "indexer/html_dom.hpp"
#include "indexer/html_hints.hpp"
#include "indexer/html_teasers.hpp"
#include "schema/text.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <unordered_set>

namespace news::indexer::html {

namespace {

/// Depth-first: nodes for which `drop` gives a reason are collected (and not
/// descended into), so that no node is freed after an ancestor of it.
void collect(xmlNode* n, const std::function<std::string(xmlNode*)>& drop,
             std::vector<std::pair<xmlNode*, std::string>>& out) {
    for (xmlNode* c = n->children; c; c = c->next) {
        if (!is_element(c)) continue;
        std::string why = drop(c);
        if (why.empty()) collect(c, drop, out);
        else out.emplace_back(c, std::move(why));
    }
}

void remove_all(std::vector<std::pair<xmlNode*, std::string>>& doomed, ExtractionReport* report) {
    for (auto& [n, why] : doomed) {
        note_drop(report, n, std::move(why));
        remove_node(n);
    }
    doomed.clear();
}

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", share * 100.0);
    return buf;
}

/// Why a block inside the article is a list of links, empty when it is not.
std::string link_block_reason(xmlNode* n, TextStats& stats) {
    if (!is_block(n) && !is_one_of(n, {"span"})) return {};
    const TextStats::Counts& c = stats.of(n);
    if (c.chars == 0 || c.links == 0) return {};
    double ld = stats.link_density(n);
    // Menus, tag clouds and "read more" lists: several links, little else.
    if (c.links >= 2 && ld > 0.5) return "links: " + percent(ld) + " of its text";
    // A single "Read more: <headline>" line; a heading that is all link is a
    // linked subheading, one with a "Read more:" before the link is not.
    bool heading = is_one_of(n, {"h1", "h2", "h3", "h4", "h5", "h6"});
    if (c.links == 1 && ld > 0.6 && c.chars < 150 && (!heading || c.link_chars < c.chars))
        return "a lone link: " + percent(ld) + " of its text";
    return {};
}

/// Why a caption, byline, date line or credit goes, empty when the block is
/// long enough to be text whatever its name says.
std::string minor_block_reason(xmlNode* n, TextStats& stats) {
    Hint hint = classify_hint(attr(n, "class"), attr(n, "id"));
    if (hint.kind != HintKind::MINOR) return {};
    // An author box holds a short biography; other such blocks hold a line.
    size_t limit = hint.word.find("author") != std::string::npos ? 1000 : 300;
    if (stats.of(n).chars > limit) return {};
    return "class/id hint '" + hint.word + "'";
}

/// True for a short line that credits a picture: "Foto: dpa", "Bild: Stadt
/// Jena", "Crédits photos : …", "© 2024 Verlag". Image credits stand below
/// pictures in every language; the label before the colon tells them apart.
bool is_credit_text(const std::string& t) {
    if (t.empty() || t.size() > 200) return false;
    if (t.rfind("©", 0) == 0 || t.rfind("(c)", 0) == 0 || t.rfind("(C)", 0) == 0) return true;
    size_t colon = t.find(':');
    if (colon == std::string::npos || colon > 24) return false;
    std::string label = schema::fold_key(t.substr(0, colon));
    for (std::string_view credit : {"foto", "fotos", "bild", "bilder", "bildquelle", "fotoquelle", "fotograf",
                                    "fotografie", "photo", "photos", "photocredit", "photocredits", "creditphoto",
                                    "creditsphoto", "creditsphotos", "credit", "credits", "image", "images",
                                    "imagecredit", "imagecredits", "illustration", "grafik"})
        if (label == credit) return true;
    return false;
}

/// Why a block is a picture credit line, empty when it is not.
std::string credit_line_reason(xmlNode* n, TextStats& stats) {
    if (!is_one_of(n, {"p", "div", "span", "small", "figure"}) || stats.of(n).chars > 150) return {};
    for (const xmlNode* c = n->children; c; c = c->next)
        if (is_element(c) && is_block(c)) return {};
    return is_credit_text(text(n)) ? "a picture credit" : "";
}

/// Non-space bytes of text below `n`: all, in emphasis (<em>, <i>, <strong>,
/// <b>) and in links, and whether the last text stands in a link.
struct EmphasisCounts {
    size_t all = 0, emphasised = 0, linked = 0;
    bool ends_in_link = false;
};

void count_emphasis(const xmlNode* n, bool emphasised, bool linked, EmphasisCounts& into) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            for (const xmlChar* p = c->content; *p; ++p)
                if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') {
                    ++into.all;
                    into.emphasised += emphasised;
                    into.linked += linked;
                    into.ends_in_link = linked || (into.ends_in_link && (*p == '.' || *p == ')'));
                }
        } else if (is_element(c)) {
            count_emphasis(c, emphasised || is_one_of(c, {"em", "i", "strong", "b"}), linked || name(c) == "a",
                           into);
        }
    }
}

/// Why a paragraph is a cross-reference to another article: a short line,
/// all in emphasis, that ends in the link to it ("Der frühere Landrat im
/// Gespräch: <a>Die Region braucht Züge</a>"), in any language.
std::string cross_reference_reason(xmlNode* n, TextStats& stats) {
    if (name(n) != "p" || stats.of(n).links != 1 || stats.of(n).chars > 150) return {};
    EmphasisCounts e;
    count_emphasis(n, false, false, e);
    return e.all > 0 && e.emphasised == e.all && e.ends_in_link && e.linked < e.all ? "a cross-reference line" : "";
}

/// Labels that mark an advertisement slot; never article text on their own.
bool is_ad_label(const xmlNode* n, TextStats& stats) {
    if (stats.of(n).chars > 16) return false;  // cheap test first: most blocks are longer
    std::string key = schema::fold_key(text(n));
    return key == "anzeige" || key == "werbung" || key == "advertisement" || key == "sponsored" ||
           key == "gesponsert" || key == "ad" || key == "promotion";
}

}  // namespace

bool is_teaser_heading_text(const std::string& heading) {
    std::string key = schema::fold_key(heading);
    if (key.empty() || key.size() > 60) return false;
    for (std::string_view start :
         {"mehrnews", "mehrnachrichten", "mehrzumthema", "mehrartikel", "mehraus", "weitereartikel",
          "weiterenachrichten", "weiterenews", "weiteremeldungen", "weiterebeitraege", "weiterethemen",
          "daskoenntesie", "dieskoenntesie", "aehnlicheartikel", "aehnlichebeitraege", "verwandteartikel",
          "verwandtethemen", "auchinteressant", "lesensieauch", "lesenswert", "meistgelesen", "topartikel",
          "empfehlungen", "unsereempfehlung", "kommentare", "leserkommentare", "relatedarticles", "relatedposts",
          "relatedstories", "relatedcontent", "morenews", "morestories", "morearticles", "morefrom",
          "youmightalsolike", "youmayalsolike", "recommended", "mostread", "mostpopular", "comments", "leaveareply",
          "leaveacomment", "readnext", "alsoread", "teilen", "sharethis", "shareon"})
        if (key.rfind(start, 0) == 0) return true;
    return false;
}

void prune_container(xmlNode* container, ExtractionReport* report) {
    TextStats stats;
    TeaserStats teasers(container);
    const TextStats::Counts& all = stats.of(container);
    const size_t container_prose = all.chars - std::min(all.chars, all.link_chars);
    std::vector<std::pair<xmlNode*, std::string>> doomed;
    collect(container,
            [&](xmlNode* n) -> std::string {
                if (is_ad_label(n, stats)) return "advertisement label";
                if (std::string why = minor_block_reason(n, stats); !why.empty()) return why;
                if (std::string why = credit_line_reason(n, stats); !why.empty()) return why;
                if (std::string why = cross_reference_reason(n, stats); !why.empty()) return why;
                // Teasers beside an article, not the bulk of what was chosen (a
                // recipe's linked steps, a page of video links).
                const TextStats::Counts& c = stats.of(n);
                if (2 * (c.chars - std::min(c.chars, c.link_chars)) < container_prose)
                    if (std::string why = teaser_list_reason(n, teasers, stats); !why.empty()) return why;
                return link_block_reason(n, stats);
            },
            doomed);
    // A heading or label right before a dropped list is that list's title.
    size_t dropped = doomed.size();
    for (size_t i = 0; i < dropped; ++i) {
        const std::string& why = doomed[i].second;
        bool links = why.rfind("links:", 0) == 0 || why.rfind("teasers:", 0) == 0 || why.rfind("a lone link", 0) == 0;
        if (!links) continue;
        xmlNode* prev = doomed[i].first->prev;
        while (prev && !is_element(prev)) prev = prev->prev;
        bool taken = std::any_of(doomed.begin(), doomed.end(), [&](const auto& d) { return d.first == prev; });
        if (prev && !taken && is_label_of(prev, doomed[i].first)) doomed.emplace_back(prev, "title of a dropped list");
    }
    remove_all(doomed, report);

    // "Mehr News" and the like: the heading and everything after it in its
    // section; the whole section when the heading opens it.
    std::vector<xmlNode*> headings;
    std::function<void(xmlNode*)> find = [&](xmlNode* n) {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            // A heading with a link in it is a "Read also: <link>" line, no section title.
            if (is_one_of(c, {"h2", "h3", "h4", "h5", "h6", "strong"}) && is_teaser_heading_text(text(c)) &&
                stats.of(c).links == 0)
                headings.push_back(c);
            else
                find(c);
        }
    };
    find(container);
    std::vector<xmlNode*> targets;
    for (xmlNode* h : headings) {
        xmlNode* parent = h->parent;
        if (!parent) continue;
        bool first = true;
        for (xmlNode* s = h->prev; s && first; s = s->prev)
            if (is_element(s) || (s->type == XML_TEXT_NODE && !text(s).empty())) first = false;
        if (first && parent != container && !is_one_of(parent, {"body", "html"})) {
            targets.push_back(parent);
            continue;
        }
        for (xmlNode* s = h; s; s = s->next) targets.push_back(s);
    }
    // Drop only the outermost targets: no node is touched after an ancestor was freed.
    std::unordered_set<xmlNode*> marked(targets.begin(), targets.end());
    std::unordered_set<xmlNode*> done;
    for (xmlNode* t : targets) {
        bool nested = false;
        for (xmlNode* p = t->parent; p && !nested; p = p->parent) nested = marked.count(p) != 0;
        if (!nested && done.insert(t).second) doomed.emplace_back(t, "in a teaser section");
    }
    remove_all(doomed, report);
}

bool remove_title_heading(xmlNode* container, const std::string& title) {
    std::function<xmlNode*(xmlNode*)> first_h1 = [&](xmlNode* n) -> xmlNode* {
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            if (name(c) == "h1") return c;
            if (xmlNode* h = first_h1(c)) return h;
        }
        return nullptr;
    };
    xmlNode* h1 = first_h1(container);
    if (!h1) return false;
    std::string t = text(h1);
    if (!title.empty() && !t.empty() && (title.find(t) != std::string::npos || t.find(title) != std::string::npos))
        remove_node(h1);
    return true;
}

std::string article_text(const std::vector<xmlNode*>& containers) {
    std::string out;
    std::unordered_set<std::string> seen;
    for (xmlNode* c : containers) {
        std::string part = block_text(c);
        size_t start = 0;
        while (start < part.size()) {
            size_t end = part.find("\n\n", start);
            if (end == std::string::npos) end = part.size();
            std::string para = part.substr(start, end - start);
            if (seen.insert(para).second) {
                if (!out.empty()) out += "\n\n";
                out += para;
            }
            start = end + 2;
        }
    }
    return out;
}

}  // namespace news::indexer::html
