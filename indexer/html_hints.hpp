#pragma once
/// Class and id hints of the HTML stages: what the names a page gives an
/// element say about its part in the page. Pure string functions, so that
/// each rule has a table test and no stage needs a tree to decide by name.
///
///     Hint h = classify_hint("share-bar social", "");
///     // h.kind == HintKind::WEAK_BOILERPLATE, h.word == "share"

#include <string>
#include <string_view>
#include <vector>

namespace news::indexer::html {

/// What an element's class and id say about it.
enum class HintKind {
    NONE,              ///< nothing known
    CONTENT,           ///< names the article text ("entry-content", "article-body")
    BOILERPLATE,       ///< page furniture never part of an article (comments, cookies, navigation)
    WEAK_BOILERPLATE,  ///< usually furniture (sidebar, share, related), but some sites wrap the article in it
    MINOR,             ///< small furniture inside an article: captions, bylines, dates, credits
    HIDDEN,            ///< not shown to readers ("hidden", "sr-only")
};

/// A classification and the word that decided it (for diagnostics).
struct Hint {
    HintKind kind = HintKind::NONE;
    std::string word;
};

/// Words of the class and id attributes: lower case, split at every byte that
/// is not a letter or digit. Modifier and taxonomy classes ("js-…", "is-…",
/// "has-…", "no-…", "with-…", "tag-…", "category-…") are skipped: they name a
/// state or a topic ("no-share", "tag-comments"), not the element's role.
std::vector<std::string> hint_words(std::string_view class_attr, std::string_view id_attr);

/// Classify an element by its class and id attributes. Comment words win over
/// content words ("comment-content" is a comment); content words win over
/// other furniture words ("sidebar-and-content-body" holds the article).
Hint classify_hint(std::string_view class_attr, std::string_view id_attr);

/// True when class or id names an article's lead paragraph ("lead", "intro",
/// "standfirst", "chapo", "vorspann", ...).
bool is_lead_hint(std::string_view class_attr, std::string_view id_attr);

/// True when an ARIA role marks page furniture (navigation, banner, ...).
bool is_boilerplate_role(std::string_view role);

}  // namespace news::indexer::html
