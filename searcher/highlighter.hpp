#pragma once
/// Query-biased snippets: the passage of an article with the most distinct
/// query words, HTML-escaped, each matching word wrapped in <mark> as it
/// stands in the text (inflected forms included: words match by their stem).

#include "schema/analysis.hpp"
#include "searcher/term_cache.hpp"

#include <xapian.h>

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace news::searcher {

class Highlighter {
  public:
    /// Terms of the query (prefixes stripped) and folded wildcard prefixes.
    Highlighter(const Xapian::Query& query, std::vector<std::string> wildcard_prefixes);
    /// The same, stemming through `terms` (a Searcher's, kept across
    /// queries); `terms` must outlive the highlighter.
    Highlighter(const Xapian::Query& query, std::vector<std::string> wildcard_prefixes, TermCache& terms);

    /// A snippet of about `max_chars` bytes from `text`.
    std::string snippet(const std::string& text, size_t max_chars) const;

    /// True when the word's stem is one of the query's.
    bool matches(const std::string& word) const;

  private:
    void add_query_terms(const Xapian::Query& query);
    bool match_forms(const WordForms& word) const;

    std::unique_ptr<TermCache> m_own_terms;
    TermCache* m_terms;
    std::unordered_set<std::string> m_terms_set;  ///< the query's words (terms without prefix)
    std::vector<std::string> m_long_terms;  ///< terms of 5+ bytes: found inside compounds
    std::vector<std::string> m_wildcards;
    /// First letters (initial()) of the terms and wildcards: a word under 8
    /// bytes matches only through its term or gender base, which begin with
    /// its own first letter, so a word with another one is not looked up.
    std::vector<unsigned> m_initials;
};

/// Escape &, <, >, " and ' for HTML text and attributes.
std::string escape_html(std::string_view s);

}  // namespace news::searcher
