#include "indexer/html_hints.hpp"

#include <algorithm>
#include <array>

namespace news::indexer::html {

namespace {

using Words = std::initializer_list<std::string_view>;

bool one_of(std::string_view w, Words words) { return std::find(words.begin(), words.end(), w) != words.end(); }

// ASCII only, without the C locale's per-call cost: class names are ASCII.
bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = to_lower(c);
    return out;
}

/// Class names of a class attribute, in order, lower case unless `folded` is false.
std::vector<std::string> class_names(std::string_view class_attr, bool folded = true) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < class_attr.size()) {
        while (i < class_attr.size() && is_space(class_attr[i])) ++i;
        size_t start = i;
        while (i < class_attr.size() && !is_space(class_attr[i])) ++i;
        if (i > start) {
            std::string_view c = class_attr.substr(start, i - start);
            out.push_back(folded ? lower(c) : std::string(c));
        }
    }
    return out;
}

bool is_modifier_class(std::string_view c) {
    for (std::string_view prefix : {"js-", "is-", "has-", "no-", "with-", "tag-", "category-", "format-", "status-"})
        if (c.size() > prefix.size() && c.substr(0, prefix.size()) == prefix) return true;
    return false;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

/// One word as written, then, when it is written in camel case, its parts:
/// "recipeCopyright" → "recipecopyright", "recipe", "copyright". Templates
/// name blocks in camel case as often as with hyphens ("relatedPosts").
void add_word(std::string_view w, std::vector<std::string>& out) {
    out.push_back(lower(w));
    size_t start = 0;
    for (size_t i = 1; i < w.size(); ++i)
        if (is_upper(w[i]) && is_lower(w[i - 1])) {
            out.push_back(lower(w.substr(start, i - start)));
            start = i;
        }
    if (start > 0) out.push_back(lower(w.substr(start)));
}

void split_words(std::string_view s, std::vector<std::string>& out) {
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && is_alnum(s[i])) continue;
        if (i > start) add_word(s.substr(start, i - start), out);
        start = i + 1;
    }
}

/// A name with separators removed: "article__body" and "articleBody" → "articlebody".
std::string squeezed(std::string_view s) {
    std::string out;
    for (char ch : s)
        if (is_alnum(ch)) out += to_lower(ch);
    return out;
}

// Names of the element holding an article's text in common CMS templates
// (WordPress, Drupal, Blogger, TYPO3, newspaper systems), English and German.
constexpr std::array<std::string_view, 26> kContentNames = {
    "articlebody",  "articlecontent", "articletext",   "articletxt",     "entrycontent", "entrybody",
    "postcontent",  "postbody",       "posttext",      "postentry",      "storybody",    "storycontent",
    "storytext",    "contentbody",    "bodytext",      "bodytxt",        "newstext",     "textbody",
    "artikeltext",  "artikelinhalt",  "artikelbody",   "beitragstext",   "beitragsinhalt", "meldungstext",
    "nachrichtentext", "fulltext"};

// "Read also" boxes: links to other articles set into the text, named in
// the site's language ("lee-tambien", "mehr-zum-thema"). Not "read-more",
// which also names the wrapper of an article's folded text.
constexpr std::array<std::string_view, 15> kReadAlsoNames = {
    "readalso",   "alsoread",   "seealso",   "leetambien", "leertambien", "leiatambem",   "lireaussi",  "aliresur",
    "leggianche", "czytajtez",  "lesensieauch", "auchlesen", "lesenauch", "mehrzumthema", "zumthema"};

/// True when a squeezed class name names the content element itself, not a
/// part of it: "article-body", "c-entry-content", "ArticleBodyWrapper", but
/// not "ArticleBody-read-time" (a BEM element inside the article body).
bool names_content(std::string_view squeezed_name, std::string_view content) {
    size_t pos = squeezed_name.find(content);
    if (pos == std::string_view::npos) return false;
    std::string_view rest = squeezed_name.substr(pos + content.size());
    for (std::string_view suffix : {"wrapper", "wrap", "inner", "container", "main", "area", "holder", "box", "full"})
        if (rest.substr(0, suffix.size()) == suffix) {
            rest.remove_prefix(suffix.size());
            break;
        }
    // What is left may be a build tool's hash ("…-29pGN"), never a word.
    bool hash = rest.size() <= 8 && std::any_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
    return rest.empty() || hash;
}

bool is_comment_word(std::string_view w) {
    if (one_of(w, {"comment", "comments", "kommentare", "disqus", "respond", "replies"})) return true;
    // compounds: "commentlist", "commentbody", "wpcomments"; not "commentary" (an article type)
    if (w.size() > 7 && w.rfind("comment", 0) == 0 && w.rfind("commentar", 0) != 0) return true;
    return w.size() > 8 && w.compare(w.size() - 8, 8, "comments") == 0;
}

bool starts_or_ends_with(std::string_view w, std::string_view stem) {
    if (w.size() <= stem.size()) return false;
    return w.substr(0, stem.size()) == stem || w.substr(w.size() - stem.size()) == stem;
}

bool is_strong_word(std::string_view w) {
    if (one_of(w, {"nav", "navbar", "navigation", "menu", "menubar", "mainmenu", "submenu", "megamenu",
                   "breadcrumb", "breadcrumbs", "footer", "cookie", "cookies", "consent", "gdpr", "newsletter",
                   "pagination", "pager", "skiplink", "skiplinks", "outbrain", "taboola", "popup", "modal",
                   "masthead", "topbar", "subscribe", "subscription", "copyright", "signup", "login"}))
        return true;
    for (std::string_view stem : {"cookie", "consent", "newsletter", "breadcrumb", "footer", "navbar", "navigation",
                                  "pagination"})
        if (starts_or_ends_with(w, stem)) return true;
    return false;
}

bool is_weak_word(std::string_view w) {
    if (one_of(w, {"sidebar", "related", "share", "sharing", "shariff", "sharedaddy", "social",
                   "socials", "recommended", "recommendations", "empfehlungen", "ad", "ads", "adv", "advert",
                   "adverts", "advertisement", "advertising", "adsense", "adslot", "adunit", "anzeige", "werbung",
                   "banner", "promo", "promotion", "sponsor", "sponsored", "toolbar",
                   "morenews", "mehrnews", "readmore", "aside", "rail", "teasers", "trending", "mostread",
                   "meistgelesen", "follow", "donate", "donation", "disclosure", "disclaimer", "cta", "teilen",
                   "verwandte", "aehnliche"}))
        return true;
    for (std::string_view stem :
         {"share", "social", "related", "sidebar", "advert", "recommend", "sponsor", "follow", "empfehlung",
          "empfehlungen"})
        if (starts_or_ends_with(w, stem)) return true;
    return false;
}

bool is_minor_word(std::string_view w) {
    if (one_of(w, {"caption", "captions", "figcaption", "credit", "credits", "byline", "author", "authors", "autor",
                   "autoren", "date", "datum", "dateline", "time", "timestamp", "published", "updated", "meta",
                   "postmeta", "entrymeta", "metadata", "photographer", "fotograf", "quelle", "bildquelle",
                   "copyrights", "readingtime", "readtime", "lesezeit", "bildunterschrift", "bildtext",
                   "bildnachweis", "fotonachweis", "bildbeschreibung"}))
        return true;
    for (std::string_view stem : {"caption", "credit", "byline", "author"})
        if (starts_or_ends_with(w, stem)) return true;
    return false;
}

bool is_hidden_class(std::string_view c) {
    return one_of(c, {"hidden", "hide", "d-none", "invisible", "sr-only", "visually-hidden", "visuallyhidden",
                      "screen-reader-text", "screenreader-only", "element-invisible", "u-hidden"});
}

}  // namespace

std::vector<std::string> hint_words(std::string_view class_attr, std::string_view id_attr) {
    std::vector<std::string> out;
    for (const std::string& c : class_names(class_attr, false))
        if (!is_modifier_class(lower(c))) split_words(c, out);
    split_words(id_attr, out);
    return out;
}

Hint classify_hint(std::string_view class_attr, std::string_view id_attr) {
    if (class_attr.empty() && id_attr.empty()) return {};
    std::vector<std::string> names = class_names(class_attr);
    for (const std::string& c : names)
        if (is_hidden_class(c)) return {HintKind::HIDDEN, c};
    std::vector<std::string> words = hint_words(class_attr, id_attr);
    // In a live blog or ticker, "comments" are the reporter's running
    // commentary ("live-match-comment", "liveticker-kommentare"): the article.
    bool live = std::any_of(words.begin(), words.end(), [](const std::string& w) {
        return one_of(w, {"live", "liveblog", "liveticker", "ticker", "livefeed"});
    });
    for (const std::string& w : words)
        if (!live && is_comment_word(w)) return {HintKind::BOILERPLATE, w};

    std::vector<std::string> squeezed_names;
    for (const std::string& c : names)
        if (!is_modifier_class(c)) squeezed_names.push_back(squeezed(c));
    if (!id_attr.empty()) squeezed_names.push_back(squeezed(id_attr));
    for (const std::string& s : squeezed_names)
        for (std::string_view content : kContentNames)
            if (names_content(s, content)) return {HintKind::CONTENT, std::string(content)};

    for (const std::string& s : squeezed_names)
        for (std::string_view phrase : kReadAlsoNames)
            if (s.find(phrase) != std::string::npos) return {HintKind::WEAK_BOILERPLATE, std::string(phrase)};
    for (const std::string& w : words)
        if (is_strong_word(w)) return {HintKind::BOILERPLATE, w};
    for (const std::string& w : words)
        if (is_weak_word(w)) return {HintKind::WEAK_BOILERPLATE, w};
    for (const std::string& w : words)
        if (is_minor_word(w)) return {HintKind::MINOR, w};
    return {};
}

bool is_lead_hint(std::string_view class_attr, std::string_view id_attr) {
    if (class_attr.empty() && id_attr.empty()) return false;
    auto is_lead_word = [](const std::string& w) {
        return one_of(w, {"lead", "lede", "leadtext", "intro", "introduction", "standfirst", "chapo", "chapeau",
                          "bajada", "entradilla", "dek", "deck", "sommario", "sumario", "subtitle", "subheadline",
                          "vorspann", "anreisser", "abstract", "excerpt", "summary", "teasertext", "introtext"});
    };
    for (const std::string& w : hint_words(class_attr, id_attr))
        if (is_lead_word(w)) return true;
    // Compound names written with separators: "teaser-text", "intro_text".
    for (const std::string& c : class_names(class_attr)) {
        std::string joined;
        for (char ch : c)
            if (ch != '-' && ch != '_') joined += ch;
        if (is_lead_word(joined)) return true;
    }
    return false;
}

bool is_boilerplate_role(std::string_view role) {
    std::string r = lower(role);
    return one_of(r, {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar",
                      "complementary", "toolbar", "tablist"});
}

}  // namespace news::indexer::html
