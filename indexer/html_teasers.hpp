#pragma once
/// Teaser detection for the block stage: lists of other articles shown as
/// cards (a linked headline, perhaps a date and a line of summary), and the
/// headings or labels that introduce a dropped list ("Related coverage",
/// "Mehr zum Thema"). Both are recognised by structure, in any language.

#include "indexer/html_dom.hpp"

#include <string_view>
#include <unordered_map>

namespace news::indexer::html {

/// Headlines that are links (<a><h3>…</h3></a> or <h3><a>…</a></h3>),
/// counted for every element below a root.
class TeaserStats {
  public:
    explicit TeaserStats(xmlNode* root);
    /// Linked headlines at or below `n`.
    size_t linked_headlines(const xmlNode* n) const;

  private:
    size_t count(xmlNode* n, bool in_link);
    std::unordered_map<const xmlNode*, size_t> m_counts;
};

/// True when a text ends as an excerpt cut short does: "…", "...", "[…]",
/// "[...]", "(…)" (a teaser's summary of another article).
bool ends_as_excerpt(std::string_view text);

/// Paragraphs and list items cut short with an ellipsis (ends_as_excerpt),
/// counted for every element below a root: a list of them is a list of
/// teasers, however it is named.
class ExcerptStats {
  public:
    struct Counts {
        size_t excerpts = 0;  ///< excerpt blocks at or below the element
        size_t chars = 0;     ///< their text, non-space bytes
        size_t branches = 0;  ///< element children holding an excerpt
    };
    explicit ExcerptStats(xmlNode* root);
    const Counts& of(const xmlNode* n) const;
    /// True for the element that is itself the list: two or more excerpts in
    /// two or more of its children, and at least `min_share` of the element's
    /// `prose` (non-space bytes outside links) in them.
    bool is_list(const xmlNode* n, size_t prose, double min_share = 0.6) const;

  private:
    const Counts& count(xmlNode* n);
    std::unordered_map<const xmlNode*, Counts> m_counts;
    /// Non-space bytes of text below each element and its last text that is not blank.
    std::unordered_map<const xmlNode*, std::pair<size_t, std::string_view>> m_text;
};

/// Why `n` is a list of teasers, empty when it is not: two or more linked
/// headlines with little prose beside them (under 400 bytes of text that is
/// not a link per headline).
std::string teaser_list_reason(const xmlNode* n, const TeaserStats& teasers, TextStats& stats);

/// True when `label` is a heading or a short line without links right before
/// `block`: the title of that block, to go with it.
bool is_label_of(const xmlNode* label, const xmlNode* block);

}  // namespace news::indexer::html
