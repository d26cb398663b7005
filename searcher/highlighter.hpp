#pragma once
/// Query-biased snippets: the passage of an article with the most distinct
/// query words (ties: the earliest), HTML-escaped, each matching word
/// wrapped in <mark> as it stands in the text (inflected forms included:
/// words match by their stem). The text is read only as far as needed:
/// once a passage holds every query word, nothing after it can be better.

#include "schema/analysis.hpp"
#include "searcher/term_cache.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
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

    /// Read every text to its end, as a check that stopping early changes
    /// no snippet (tests); off by default.
    void set_exhaustive(bool exhaustive) { m_exhaustive = exhaustive; }

  private:
    void add_query_terms(const Xapian::Query& query);
    /// The query words (bits of m_all) a word matches; 0 for none.
    std::uint64_t match_forms(const WordForms& word) const;
    std::uint64_t add_key();

    std::unique_ptr<TermCache> m_own_terms;
    TermCache* m_terms;
    /// The query's words (terms without prefix), each with its bit; past
    /// 64 words and wildcards, bits are shared and the text is read whole.
    std::unordered_map<std::string, std::uint64_t> m_terms_set;
    std::vector<std::pair<std::string, std::uint64_t>> m_long_terms;  ///< terms of 5+ bytes: found inside compounds
    std::vector<std::string> m_wildcards;
    std::vector<std::uint64_t> m_wildcard_bits;
    std::uint64_t m_all = 0;  ///< every query word's bit
    unsigned m_keys = 0;
    bool m_exhaustive = false;
    /// First letters (initial()) of the terms and wildcards: a word under 8
    /// bytes matches only through its term or gender base, which begin with
    /// its own first letter, so a word with another one is not looked up.
    std::vector<unsigned> m_initials;
};

/// Escape &, <, >, " and ' for HTML text and attributes.
std::string escape_html(std::string_view s);

}  // namespace news::searcher
